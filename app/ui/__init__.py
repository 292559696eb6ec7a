"""The Streamlit workspace: thin pages (read widgets → call one function → render results)."""
