"""What taskmap answers: the questions of one notice (`queries`, `reports`) and of every loaded notice at
once (`answers`), the units a library probably holds twice (`near_duplicates`), and what the offline page
knows (`site`). Plain results only; renderers turn them into tables and documents.
"""
