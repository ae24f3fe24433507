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
my @ASSETS = (
    [ 'ACME-PRN-01', 'HP LaserJet Pro M404dn', 'VNB3K12345', '2027-03-31', 'Acme Dental Clinic' ],
    [ 'ACME-AP-01',  'Ubiquiti UniFi U6-Lite',  'F4E2C1A9B3D7', '2026-12-15', 'Acme Dental Clinic' ],
);

# ---------------------------------------------------------------------------
# Knowledge base: [ name, summary, body (HTML or plain text) ]
my @ARTICLES = (
    [
        'HP LaserJet: clearing a 13.B2 paper jam',
        'Fuser-area jam on M404/M428 series; how to clear it without tearing the sheet.',
        <<'HTML',
<p>A <b>13.B2</b> jam means paper stopped in the fuser area.</p>
<ol><li>Switch the printer off and let the fuser cool for 10 minutes.</li>
<li>Open the rear door and pull the sheet <em>straight back</em>, not up.</li></ol>
HTML
    ],
);

# ---------------------------------------------------------------------------
# Field visits.  Keys:
#   subject, owner (user name or '' for unassigned), requestor (email), site,
#   address, contact, priority (0-100), status (new/open/stalled/resolved),
#   day (visit day relative to today; undef = not scheduled yet),
#   start (hour, UTC), hours (visit length), due_hours (SLA due, hours from
#   now; may be negative = overdue), assets (names from @ASSETS),
#   body (the customer's request), history: [ kind, who, text, minutes ]
#   where kind is 'comment' (internal) or 'correspond' (to the customer) and
#   who is a user name ('customer' = the requestor).
my @VISITS = (
    {
        subject   => 'Front-desk printer jams on every second page',
        owner     => 'alice',
        requestor => 'reception@acme-dental.example',
        site      => 'Acme Dental Clinic',
        address   => "12 Harbour Street\nPortsmouth PO1 3AX",
        contact   => 'Julie Marsh, +44 23 9200 1234, reception@acme-dental.example',
        priority  => 60,
        status    => 'open',
        day       => 0,
        start     => 9,
        hours     => 1.5,
        due_hours => 6,
        assets    => ['ACME-PRN-01'],
        body      => "Our reception printer jams on nearly every second page since Monday.\nWe print appointment letters all day, please help.",
        history   => [
            [ 'correspond', 'supervisor', "Hello Julie, a technician will visit today at 9:00.", 0 ],
            [ 'comment', 'alice', "Remote check: jam code 13.B2 in the printer's event log. Bring a fuser kit.", 10 ],
            [ 'correspond', 'customer', "Thanks, we will be in from 8:30.", 0 ],
        ],
    },
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

sub _create_assets {
    my $catalog = RT::Catalog->new( RT->SystemUser );
    $catalog->Load('Field Equipment');
    die "catalog 'Field Equipment' missing\n" unless $catalog->Id;
    my %cf = map { $_ => _cf_id( $_, 'RT::Catalog-RT::Asset' ) } ( 'Model', 'Serial Number', 'Warranty Expires' );
    my %asset_id;
    for my $row (@ASSETS) {
        my ( $name, $model, $serial, $warranty, $site ) = @$row;
        my $asset = RT::Asset->new( RT->SystemUser );
        my ( $ok, $msg ) = $asset->Create(
            Name                                 => $name,
            Description                          => "$model at $site",
            Catalog                              => $catalog->Id,
            Status                               => 'in-use',
            "CustomField-$cf{'Model'}"            => $model,
            "CustomField-$cf{'Serial Number'}"    => $serial,
            "CustomField-$cf{'Warranty Expires'}" => $warranty,
        );
        die "asset $name: $msg\n" unless $ok;
        $asset_id{$name} = $asset->Id;
    }
    return \%asset_id;
}

sub _create_articles {
    my $class = RT::Class->new( RT->SystemUser );
    $class->Load('Field KB');
    die "class 'Field KB' missing\n" unless $class->Id;
    my $content = _cf_id( 'Content', 'RT::Class-RT::Article' );
    for my $row (@ARTICLES) {
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
    my ( $id, undef, $msg ) = $ticket->Create(
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

    for my $name ( @{ $visit->{assets} || [] } ) {
        die "visit '$visit->{subject}': unknown asset $name\n" unless $asset_id->{$name};
        my ( $ok, $err ) = $ticket->AddLink( Type => 'RefersTo', Target => "asset:$asset_id->{$name}" );
        die "link $name: $err\n" unless $ok;
    }

    for my $entry ( @{ $visit->{history} || [] } ) {
        my ( $kind, $who, $text, $minutes ) = @$entry;
        my $actor = $who eq 'customer'
            ? do { my $u = RT::User->new( RT->SystemUser ); $u->LoadByEmail( $visit->{requestor} ); $u }
            : _user($who);
        my $as_actor = RT::Ticket->new( RT::CurrentUser->new($actor) );
        $as_actor->Load($id);
        my $method = $kind eq 'correspond' ? 'Correspond' : 'Comment';
        # Requestors hold no rights on the queue (their mail would arrive
        # through the mail gateway), so record their replies directly.
        my ( $ok, $err ) = $who eq 'customer'
            ? $as_actor->_RecordNote( NoteType => 'Correspond', MIMEObj => _mime($text) )
            : $as_actor->$method( MIMEObj => _mime($text), TimeTaken => $minutes || 0 );
        die "visit '$visit->{subject}' $kind by $who: $err\n" unless $ok;
    }

    if ( $visit->{status} ne 'new' ) {
        my ( $ok, $err ) = $ticket->SetStatus( $visit->{status} );
        die "visit '$visit->{subject}' status: $err\n" unless $ok;
    }
}

@Final = (
    sub {
        require MIME::Entity;
        require Encode;
        my $asset_id = _create_assets();
        _create_articles();
        my %cf = map { $_ => _cf_id( $_, 'RT::Queue-RT::Ticket' ) }
            ( 'Site', 'Address', 'Contact', 'Visit Start', 'Visit End' );
        my $now = time;
        _create_visit( $_, $asset_id, \%cf, $now ) for @VISITS;
    },
);

1;
