"""What taskmap answers: finding the unit a person meant (`registry`, `library`), the questions of one
notice (`queries`, `reports`) and of every loaded notice at once (`answers`), and what the offline page
knows (`site`). Plain results only; renderers turn them into tables and documents.
"""
