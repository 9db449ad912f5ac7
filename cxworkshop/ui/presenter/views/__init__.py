"""One module per room view; each builds what the presenter shows for its step.

Card views (answers, 5 Hows, Champions, Actions, Summary) are functions
``cards(room) -> (title, cards, empty_text)`` drawn by :class:`..cards.CardBoard`.
"""
