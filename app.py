"""treatykg in the browser: ``streamlit run app.py`` (pages and logic live in ``webapp/``)."""
from webapp.app import main

main()
