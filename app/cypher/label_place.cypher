// Fragment: the label Place.
Place
