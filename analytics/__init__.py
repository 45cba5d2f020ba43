"""Pure computation: frames in, frames out. No Streamlit, no file I/O."""
