"""The client lab: real SIP clients against two Kamailio stand-ins for pbx1 and pbx2.

Peers (each started by the lab, stopped by its process id): `kamailio.py` (the PBX
stand-ins), `dnsmasq.py` (the zone's authoritative DNS, switched as Route 53 would),
`netns.py` (a host that vanishes), `baresip.py` and `linphone.py` (the agents' phones).
`experiment.py` runs one failover and failback and times it; `scripts/clientlab` repeats
that over a matrix of schemes, transports and failure modes.
"""
