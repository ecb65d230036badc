"""Elections' pure rules (rules.py); their services and pages stay in renda.voting."""
