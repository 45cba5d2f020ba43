"""The demo dataset generator, one module per dataset (entry point: scripts/generate_demo.py)."""
