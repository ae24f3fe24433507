"""What technicians type into KB search, each with the sample-KB article that answers it.

The labelled set behind tests/integration/test_kb_finds_what_technicians_type.py and the
recall@3 figure of bench/kb_recall.py (docs/performance.md).  Written as a technician would
type on site: symptoms in their own words, other word forms than the article's, typos, error
codes, brand names, half a word, and other spellings (the reviewer's queries of issue 12,
item 9: "wifi" for "Wi-Fi", "bit locker", "ZT 411", "13B2", "wireless", "jammed").  The
articles are those of resources/rt/sample-data.pl.
"""

from __future__ import annotations

LABELLED: list[tuple[str, str]] = [
    # symptoms in the technician's words (the article words them differently)
    ("printer offline after a power outage", "Epson TM receipt printer offline after a power cut"),
    ("outlook password prompt keeps popping up", "Outlook keeps asking for a password"),
    ("vpn keeps disconnecting", "FortiClient VPN: common connection errors"),
    ("access points keep rebooting", "PoE budget: devices rebooting or not powering up"),
    ("paper stuck in the laserjet", "HP LaserJet: clearing a 13.B2 paper jam"),
    ("laserjet jams every day", "HP LaserJet M404/M428: recurring jams, rollers and fuser"),
    (
        "copier cannot send scans to email",
        "Kyocera TASKalfa: scan-to-email with Microsoft 365 SMTP",
    ),
    (
        "print jobs stuck deleting in the queue",
        "Windows: clearing a stuck print queue and reinstalling a driver",
    ),
    ("toner spilled on the carpet", "Toner: safe handling and spill clean-up"),
    ("which wifi channels should the access points use", "Wi-Fi channel planning for small sites"),
    (
        "laptops stick to a far away access point",
        "Wi-Fi roaming: sticky clients, minimum RSSI and 802.11r",
    ),
    (
        "guest wifi login page does not show on iphone",
        "Guest Wi-Fi: captive portal does not appear",
    ),
    ("new devices get no ip address", 'DHCP scope exhausted: "No IP address" on new devices'),
    ("websites do not resolve but ping works", "DNS troubleshooting on site"),
    ("set a switch port to a vlan", "VLANs on small-business switches: tagged, untagged and PVID"),
    (
        "replace the ups battery",
        "UPS: replacing the battery cartridge (APC Smart-UPS and Back-UPS)",
    ),
    ("card machine not pairing with till", "Integrated card terminal will not pair with the till"),
    (
        "receipt printer cutter jammed",
        "Epson TM receipt printers: paper, cutter jams and error LED",
    ),
    ("user gets a temporary profile at logon", "Windows: user logged on with a temporary profile"),
    ("laptop asks for bitlocker key", "BitLocker recovery key prompt on site"),
    ("outlook hangs and will not sync", "Outlook: rebuilding a corrupt or oversized OST file"),
    ("monitors blank on the dock", "Docking station: external monitors stay blank"),
    (
        "synology drive failed, pool degraded",
        "Synology NAS: degraded storage pool and drive replacement",
    ),
    ("test restore of the backup", "Backup verification: the monthly restore test"),
    ("crimp an rj45 plug", "Network cable testing and RJ45 termination"),
    ("what to check before climbing a ladder", "Site safety checklist before you start work"),
    (
        "working at a dental surgery",
        "Working in clinical areas: infection control and patient privacy",
    ),
    ("getting the customer to sign", "Customer sign-off etiquette"),
    ("send a faulty part back to the vendor", "Parts return (RMA) process"),
    ("how to write a good internal note", "Writing useful visit notes"),
    ("zebra barcodes faded", "Zebra ZT411: faded print, ribbon and print head care"),
    (
        "labels print question marks instead of umlauts",
        "Zebra labels: umlauts and ß print as question marks",
    ),
    (
        "restart order pos cafe",
        "Café Lumière POS: restart order for till, printer and card terminal",
    ),
    ("yealink phone keeps rebooting", "Yealink desk phones: reboot loops and provisioning"),
    ("shared drive letters missing after login", "Mapped drives to the NAS missing after login"),
    ("handing over a new laptop", "New laptop handover checklist"),
    ("which switch port is this pc plugged into", "Finding which switch port a device is on"),
    ("muller machine hall ppe", "Müller GmbH UK: site access, PPE and machine hall rules"),
    # typos and other word forms
    ("outlok password", "Outlook keeps asking for a password"),
    ("bitlocekr recovery", "BitLocker recovery key prompt on site"),
    ("synolgy degraded", "Synology NAS: degraded storage pool and drive replacement"),
    ("forticlinet error", "FortiClient VPN: common connection errors"),
    ("calibrating zebra printers", "Imported vendor note: Zebra label printer calibration"),
    # error codes, exactly as shown on the device
    ("13.B2", "HP LaserJet: clearing a 13.B2 paper jam"),
    ("169.254 address", 'DHCP scope exhausted: "No IP address" on new devices'),
    ("forticlient -7200", "FortiClient VPN: common connection errors"),
    ("kyocera C6000", "Printer error codes: quick reference"),
    # half a word, still typing
    ("bitlo", "BitLocker recovery key prompt on site"),
    # spellings: joined or apart, letters and digits run together, other words for it
    ("wifi", "Wi-Fi channel planning for small sites"),
    ("WiFi", "Wi-Fi roaming: sticky clients, minimum RSSI and 802.11r"),
    ("wi fi", "Guest Wi-Fi: captive portal does not appear"),
    ("wireless", "Wi-Fi channel planning for small sites"),
    ("Wifi keeps dropping", "Wi-Fi roaming: sticky clients, minimum RSSI and 802.11r"),
    ("classroom wifi drops", "Wi-Fi channel planning for small sites"),
    ("bit locker", "BitLocker recovery key prompt on site"),
    ("13B2", "HP LaserJet: clearing a 13.B2 paper jam"),
    ("rj-45", "Network cable testing and RJ45 termination"),
    ("ZT 411", "Zebra ZT411: faded print, ribbon and print head care"),
    ("M404dn", "HP LaserJet M404/M428: recurring jams, rollers and fuser"),  # a visit's printer
    ("jammed", "HP LaserJet: clearing a 13.B2 paper jam"),
]
