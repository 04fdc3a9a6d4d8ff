"""Pure rules: standard library only, plain data in and out. Nothing here imports Flask,
SQLAlchemy, WTForms or app code outside app.domain (a test enforces it)."""
