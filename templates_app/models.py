"""Reusable answer snippets and tone rules live here (see DESIGN.md, "Templates and tone")."""
