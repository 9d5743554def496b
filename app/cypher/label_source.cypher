// Fragment: the label Source.
Source
