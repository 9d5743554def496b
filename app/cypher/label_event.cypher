// Fragment: the label Event.
Event
