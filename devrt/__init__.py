"""A private, throw-away Request Tracker 5 for FieldDesk's demo and tests."""
