"""Sign in, sign out, switch profile: the dialogs around the technician's account.

Nothing is imported here: sign-in pulls in the HTTP stack, which the window's cold
start must not wait for, so the shell imports these modules when they are needed.
"""
