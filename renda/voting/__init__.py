"""Votes and elections of congress sessions and standing-committee meetings (MISSION.md §3).

For now only the pure counting rules (`rules.py`); the app is not installed yet.
"""
