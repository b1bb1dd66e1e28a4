"""The public site: Datasette serving the archive to readers.

``serve`` builds the read-only Datasette instance, ``plugin`` holds its hooks,
``pages`` / ``search`` / ``replay`` the reader pages, ``security`` who may see what,
``formatting`` how values are shown; templates and static files sit beside them.
"""
