"""The room link: participants answer and vote from their phones over the venue's
network, with the laptop as the only server (no internet).

``server.py`` listens (standard library, its own thread), ``app.py`` holds the
routes and checks, ``state.py`` the tokens and phones, ``owner.py`` hands every
read and write to the thread that owns the document, ``static/`` is the phone
page. Changes are made by the named operations of :mod:`cxworkshop.model.ops`.
"""
