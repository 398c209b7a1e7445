"""Accounts, passwords, tokens and who acts from the command line.

The role model itself (:mod:`stakeholders.access`) does not depend on how a person signed in:
local accounts (``models``, ``passwords``, ``accounts``), OpenID Connect through Streamlit's
``st.login`` (the e-mail is matched to an account) and a trusted proxy header all end in the same
:class:`~stakeholders.access.User` with the grants stored here.
"""
