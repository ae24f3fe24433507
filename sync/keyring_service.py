"""The name FieldDesk's secrets are filed under in the OS keyring.

Its own module, free of `keyring`, so the replica key's fast read (sync.secret_service_read)
can name it without importing keyring (~100 ms of a cold start).
"""

SERVICE = "FieldDesk"
