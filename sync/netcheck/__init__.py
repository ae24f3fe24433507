"""The network check: probes a technician runs at a customer's site.

One module per kind of probe (interfaces, dns, tcp, web, icmp, throughput),
each a plain function ``probe(target, limits) -> ProbeResult`` that honours a
timeout and a ``Cancel``; ``run`` runs a plan of them in order, ``report``
turns a run into the note and the JSON attached to the visit, ``history``
keeps runs and a site's targets in the replica.  No Qt: the window and the
command line call the same functions.
"""
