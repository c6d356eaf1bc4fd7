"""Templates of the node files, a package so that wheels carry them (package-data)."""
