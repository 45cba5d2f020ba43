"""Reading, validating and normalising the hub's files. No Streamlit here."""
