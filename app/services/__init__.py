"""Where rows and domain rules meet: load rows, call the domain, add and flush. Views commit."""
