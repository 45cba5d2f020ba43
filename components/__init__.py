"""Streamlit building blocks shared by several pages (filters, KPI cards, maps, tables)."""
