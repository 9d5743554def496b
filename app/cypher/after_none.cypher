// Fragment: the first page.
true
