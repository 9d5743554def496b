// Fragment: the label Actor.
Actor
