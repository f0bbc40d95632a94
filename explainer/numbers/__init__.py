"""The numbers each page glues into its prose, computed from the data and the model.

One module per page (`intro`, `timeline`, ...), each with a `numbers()` function returning
a dict of glue name -> value. A page glues them all in its first (hidden) cell:

    for name, value in numbers.timeline.numbers().items():
        glue(name, value, display=False)

and its prose formats them, e.g. {glue:text}`opus3_minutes:.0f`. The tests recompute each
value from the data independently and compare it with what the page glued.
"""
