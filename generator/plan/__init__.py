"""Stage 3, planning: the table of page kinds, the pages, links and anchors, the
catalog and the views of long lists.
"""
