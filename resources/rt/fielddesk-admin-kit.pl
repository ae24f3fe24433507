# FieldDesk admin kit for Request Tracker 5.
#
# Load it once into the RT that your technicians use:
#
#   rt-setup-database --action insert --datafile fielddesk-admin-kit.pl
#
# It creates what FieldDesk relies on and nothing else: the "Field Service"
# queue, its ticket custom fields, the "Client Request Id" transaction custom
# field that makes offline changes exactly-once, the technician and supervisor
# groups with their rights, the "Field KB" article class and the
# "Field Equipment" asset catalog.  Add people to the two groups afterwards.
#
# Upgrading: load the new kit the same way; it adds only what your RT lacks.
#
# Lost laptops: the user custom field "FieldDesk Wipe" (set it to Wipe on a
# technician in Admin > Users) makes FieldDesk send what the laptop still holds,
# then erase its data there, at its next sync.  Clear it before the person signs
# in again.
#
# Checklists and the visit timer: the "Field Checklists" article class holds
# checklist templates (supervisors write them in RT's article editor, one item
# per line; see FieldDesk's README, "Visit checklists").  The ticket custom
# field "Visit Type" names the templates a visit needs (a value per template,
# named like it: add a value when you add a template); FieldDesk sets
# "Checklist State" (complete / incomplete) when a checklist is sent, so
#   CF.{Visit Type} IS NOT NULL AND (CF.{Checklist State} IS NULL OR CF.{Checklist State} = 'incomplete')
# finds visits with open checklists.  Time logged from the visit timer carries
# the transaction custom field "Time Type" (On site / Travel) on its note.
#
# Asset records (issue 19): the "Field Equipment" catalog holds the customer
# equipment technicians look up, add, replace and retire on site; its
# lifecycle "field-assets" adds the statuses "rma" (sent back under RMA) and
# "retired" to RT's asset statuses (stored as a database setting, as RT's
# Admin > Lifecycles editor does).  "Client Asset Id" is set by FieldDesk on
# assets created offline, so a retried create is recognised.  The
# "Software Licences" catalog holds licence keys and subscriptions: only the
# groups granted ShowAsset on it see them (supervisors, by default).
#
# Loading the kit again (a newer version onto an RT that has an older one)
# creates only what is missing and grants only rights not yet granted.
#
# Rights model: technicians change only the tickets they own (rights are
# granted to the queue's Owner role); they may *see* the other tickets of the
# queue (subject, status, fields, replies, but not internal comments), so that
# FieldDesk can show recurring incidents at the same site or on the same
# equipment.  Supervisors see and change the whole queue.
#
# Escalations: FieldDesk makes the "Field Supervisors" group an AdminCc of an
# escalated visit's ticket (the owner's ModifyTicket allows it) before its
# "ESCALATION: reason" comment, so that RT's stock scrip "On Comment Notify
# AdminCcs as Comment" mails the supervisors the reason.  The queue's priority
# words (below) read the escalated priority "Urgent".

use strict;
use warnings;

our ( @Queues, @Groups, @CustomFields, @Classes, @Catalogs, @ACL, @Final );

my $QUEUE   = 'Field Service';
my $CLASS   = 'Field KB';
my $CATALOG = 'Field Equipment';
my $CHECKLISTS = 'Field Checklists';
my $LICENCES = 'Software Licences';
my $ASSET_LIFECYCLE = 'field-assets';
my @VISIT_TYPES = ( 'PC install', 'Printer preventive maintenance', 'Network cabinet check' );

@Queues = (
    {
        Name              => $QUEUE,
        Description       => 'On-site visits by field technicians',
        CorrespondAddress => '',
        CommentAddress    => '',
    },
);

@Groups = (
    { Name => 'Field Technicians', Description => 'FieldDesk users who do site visits' },
    { Name => 'Field Supervisors', Description => 'FieldDesk users who assign and schedule visits' },
);

@Classes = (
    {
        Name        => $CLASS,
        Description => 'Knowledge base articles for field technicians',
        ApplyTo     => [$QUEUE],
    },
    {
        Name        => $CHECKLISTS,
        Description => 'Checklist templates for field visits: one item per line',
        ApplyTo     => [$QUEUE],
    },
);

@Catalogs = (
    {
        Name        => $CATALOG,
        Description => 'Customer equipment serviced on site',
    },
    {
        Name        => $LICENCES,
        Description => 'Software licences and subscriptions at customer sites (keys are confidential)',
    },
);

sub ticket_cf {
    my ( $name, $type, $description ) = @_;
    return {
        Name        => $name,
        Type        => $type,
        MaxValues   => 1,
        LookupType  => 'RT::Queue-RT::Ticket',
        Description => $description,
        ApplyTo     => [$QUEUE],
    };
}

sub asset_cf {
    my ( $name, $type, $description, @catalogs ) = @_;
    return {
        Name        => $name,
        Type        => $type,
        MaxValues   => 1,
        LookupType  => 'RT::Catalog-RT::Asset',
        Description => $description,
        ApplyTo     => [ @catalogs ? @catalogs : $CATALOG ],
    };
}

@CustomFields = (
    ticket_cf( 'Site',        'Freeform', 'Customer site name' ),
    ticket_cf( 'Address',     'Text',     'Street address of the site' ),
    ticket_cf( 'Contact',     'Freeform', 'On-site contact: name, phone, email' ),
    ticket_cf( 'Visit Start', 'DateTime', 'Scheduled start of the visit' ),
    ticket_cf( 'Visit End',   'DateTime', 'Scheduled end of the visit' ),
    ticket_cf( 'Parts Used',  'Text',     'Parts used on the visit, one per line' ),
    ticket_cf( 'Client Ticket Id', 'Freeform',
        'Set by FieldDesk on tickets created offline, so a retried create is recognised' ),
    # Transaction fields apply to every queue: a technician syncs every ticket they
    # own, and RT drops a field not applied to the ticket's queue without a word -- a
    # note there whose answer was lost could not be found, and would be sent twice.
    {
        Name        => 'Client Request Id',
        Type        => 'Freeform',
        MaxValues   => 1,
        LookupType  => 'RT::Queue-RT::Ticket-RT::Transaction',
        Description => 'Set by FieldDesk on every note, so a retried note is recognised',
        ApplyTo     => [0],
    },
    {
        Name        => 'Visit Type',
        Type        => 'Select',
        MaxValues   => 0,
        LookupType  => 'RT::Queue-RT::Ticket',
        Description => 'The checklists this visit needs (each value names a Field Checklists article)',
        ApplyTo     => [$QUEUE],
        Values      => [ map { { Name => $_ } } @VISIT_TYPES ],
    },
    ticket_cf( 'Checklist State', 'Freeform',
        'Set by FieldDesk when a checklist is sent: complete, or incomplete (reason in the note)' ),
    {
        Name        => 'Time Type',
        Type        => 'Select',
        MaxValues   => 1,
        LookupType  => 'RT::Queue-RT::Ticket-RT::Transaction',
        Description => 'Set by FieldDesk on time logged from the visit timer',
        ApplyTo     => [0],
        Values      => [ { Name => 'On site' }, { Name => 'Travel' } ],
    },
    # Remote wipe: an RT administrator sets this on a technician (Admin > Users >
    # the user > Custom Fields) when a laptop is lost; at its next sync FieldDesk
    # sends what it still holds, then destroys its key and its data on that laptop.
    {
        Name        => 'FieldDesk Wipe',
        Type        => 'Select',
        MaxValues   => 1,
        LookupType  => 'RT::User',
        Description => 'Wipe: FieldDesk erases its data on this person\'s laptops at their next sync',
        Values      => [ { Name => 'Wipe' } ],
    },
    asset_cf( 'Serial Number',    'Freeform', 'Manufacturer serial number' ),
    asset_cf( 'Model',            'Freeform', 'Make and model (a licence: the product)', $CATALOG, $LICENCES ),
    asset_cf( 'Warranty Expires', 'Date',     'Last day of the manufacturer warranty (a licence: of the subscription)', $CATALOG, $LICENCES ),
    asset_cf( 'Site',             'Freeform', 'Customer site the asset is at (as the Site of its visits)', $CATALOG, $LICENCES ),
    asset_cf( 'Purchase Date',    'Date',     'When the customer bought it', $CATALOG, $LICENCES ),
    asset_cf( 'Client Asset Id',  'Freeform',
        'Set by FieldDesk on assets created offline, so a retried create is recognised', $CATALOG ),
    asset_cf( 'Licence Key',      'Freeform', 'Licence key or subscription id (confidential)', $LICENCES ),
);

# ShowTicket lets FieldDesk list earlier visits at a site ("recurring
# incidents"); internal comments stay behind ShowTicketComments (owner only).
my @technician_queue_rights = qw(SeeQueue ShowTicket CreateTicket OwnTicket TakeTicket SeeCustomField);

# What the owner of a ticket may do with it: this is what lets a technician
# work on their own visits and nobody else's.
my @owner_ticket_rights = qw(
    ShowTicket ShowTicketComments ModifyTicket ReplyToTicket CommentOnTicket
    SeeCustomField ModifyCustomField Watch
);

my @supervisor_queue_rights = qw(
    SeeQueue ShowTicket ShowTicketComments ModifyTicket CreateTicket
    OwnTicket TakeTicket StealTicket ReassignTicket ReplyToTicket
    CommentOnTicket SeeCustomField ModifyCustomField Watch ShowOutgoingEmail
);

my @article_rights_tech       = qw(SeeClass ShowArticle CreateArticle ModifyArticle SeeCustomField ModifyCustomField);
my @article_rights_supervisor = ( @article_rights_tech, qw(DisableArticle ShowArticleHistory) );
my @checklist_rights_tech       = qw(SeeClass ShowArticle SeeCustomField);
my @checklist_rights_supervisor = ( @article_rights_supervisor );
my @asset_rights_tech         = qw(ShowCatalog ShowAsset CreateAsset ModifyAsset SeeCustomField ModifyCustomField);
my @asset_rights_supervisor   = ( @asset_rights_tech );
my @licence_rights_supervisor = qw(ShowCatalog ShowAsset CreateAsset ModifyAsset SeeCustomField ModifyCustomField);

sub group_rights {
    my ( $group, $object, $rights ) = @_;
    return { GroupDomain => 'UserDefined', GroupId => $group, %$object, Right => $rights };
}

@ACL = (
    group_rights( 'Field Technicians', { Queue => $QUEUE }, \@technician_queue_rights ),
    {
        GroupDomain => 'RT::Queue-Role',
        GroupType   => 'Owner',
        Queue       => $QUEUE,
        Right       => \@owner_ticket_rights,
    },
    group_rights( 'Field Supervisors', { Queue => $QUEUE }, \@supervisor_queue_rights ),
    group_rights( 'Field Technicians', { ObjectType => 'RT::Class', ObjectId => $CLASS }, \@article_rights_tech ),
    group_rights( 'Field Supervisors', { ObjectType => 'RT::Class', ObjectId => $CLASS }, \@article_rights_supervisor ),
    group_rights( 'Field Technicians', { ObjectType => 'RT::Class', ObjectId => $CHECKLISTS }, \@checklist_rights_tech ),
    group_rights( 'Field Supervisors', { ObjectType => 'RT::Class', ObjectId => $CHECKLISTS }, \@checklist_rights_supervisor ),
    group_rights( 'Field Technicians', { ObjectType => 'RT::Catalog', ObjectId => $CATALOG }, \@asset_rights_tech ),
    group_rights( 'Field Supervisors', { ObjectType => 'RT::Catalog', ObjectId => $CATALOG }, \@asset_rights_supervisor ),
    group_rights( 'Field Supervisors', { ObjectType => 'RT::Catalog', ObjectId => $LICENCES }, \@licence_rights_supervisor ),
    # Each user reads the wipe flag on their own record; only admins set it.
    { GroupDomain => 'SystemInternal', GroupType => 'Privileged', CF => 'FieldDesk Wipe',
      LookupType => 'RT::User', Right => [qw(SeeCustomField)] },
    # Supervisors read the technician list for the dispatch board.
    group_rights( 'Field Supervisors', { Group => 'Field Technicians' }, [qw(SeeGroup)] ),
);

# ---------------------------------------------------------------------------
# The asset lifecycle: RT's "assets" statuses plus rma and retired.
my %asset_lifecycle = (
    type     => 'asset',
    initial  => ['new'],
    active   => [ 'allocated', 'in-use', 'rma' ],
    inactive => [ 'retired', 'recycled', 'stolen', 'deleted' ],
    defaults => { on_create => 'new' },
    rights   => { '* -> *' => 'ModifyAsset' },
);
{
    my @all = ( 'new', 'allocated', 'in-use', 'rma', 'retired', 'recycled', 'stolen', 'deleted' );
    my %transitions = ( '' => [ 'new', 'allocated', 'in-use' ] );
    for my $from (@all) { $transitions{$from} = [ grep { $_ ne $from } @all ] }
    $asset_lifecycle{transitions} = \%transitions;
}

push @Final, sub {
    my $lifecycles = RT->Config->Get('Lifecycles');
    unless ( $lifecycles->{$ASSET_LIFECYCLE} ) {
        my %all = %{$lifecycles};
        delete $all{__maps__};
        $all{$ASSET_LIFECYCLE} = \%asset_lifecycle;
        my $setting = RT::Configuration->new( RT->SystemUser );
        $setting->Load('Lifecycles');
        my ( $ok, $msg ) = $setting->Id
            ? $setting->SetContent( \%all )
            : $setting->Create( Name => 'Lifecycles', Content => \%all );
        die "lifecycle $ASSET_LIFECYCLE: $msg\n" unless $ok;
        RT->Config->Set( Lifecycles => %all );
        RT::Lifecycle->FillCache;
    }
    my $catalog = RT::Catalog->new( RT->SystemUser );
    $catalog->Load($CATALOG);
    if ( $catalog->Id && $catalog->Lifecycle ne $ASSET_LIFECYCLE ) {
        my ( $ok, $msg ) = $catalog->SetLifecycle($ASSET_LIFECYCLE);
        die "catalog $CATALOG: $msg\n" unless $ok;
    }
};

# ---------------------------------------------------------------------------
# Priority words: RT shows a priority as a word (RT's defaults: Low 0, Medium 50,
# High 100, so an escalated visit, 90, read "Medium").  The Field Service queue gets
# FieldDesk's words (sync/visit_display.py: each word from its number up), stored as a
# database setting (as Admin > Tools > System Configuration does) that RT adds to what
# RT_SiteConfig.pm says for other queues.  Words the queue has already are kept.
my @PRIORITY_WORDS = ( Low => 0, Normal => 25, High => 50, Urgent => 75 );

push @Final, sub {
    my %words = RT->Config->Get('PriorityAsString');
    return if exists $words{$QUEUE};
    my $setting = RT::Configuration->new( RT->SystemUser );
    $setting->LoadByCols( Name => 'PriorityAsString', Disabled => 0 );
    my %stored = $setting->Id ? %{ ( $setting->DecodedContent )[0] || {} } : ();
    return if exists $stored{$QUEUE};
    $stored{$QUEUE} = [@PRIORITY_WORDS];
    my ( $ok, $msg ) = $setting->Id
        ? $setting->SetContent( \%stored )
        : $setting->Create( Name => 'PriorityAsString', Content => \%stored );
    die "priority words of $QUEUE: $msg\n" unless $ok;
};

# ---------------------------------------------------------------------------
# Loadable again: what an earlier load created is left alone.  Custom fields
# that exist are still applied to catalogs/queues they are not yet on (a newer
# kit applies an older field to a new catalog), or to all of them (0: globally,
# which takes the place of the queues an older kit applied it to).
sub _exists {
    my ( $class, $name ) = @_;
    my $object = $class->new( RT->SystemUser );
    $object->Load($name);
    return $object->Id;
}

sub _existing_cf {
    my ($item) = @_;
    my $cfs = RT::CustomFields->new( RT->SystemUser );
    $cfs->Limit( FIELD => 'Name', VALUE => $item->{Name}, CASESENSITIVE => 0 );
    $cfs->LimitToLookupType( $item->{LookupType} );
    return $cfs->First;
}

my @existing_cfs;
if ( $RT::Handle && $RT::Handle->dbh && eval { RT::Queue->new( RT->SystemUser )->Load($QUEUE) } ) {
    @Queues   = grep { !_exists( 'RT::Queue',   $_->{Name} ) } @Queues;
    @Classes  = grep { !_exists( 'RT::Class',   $_->{Name} ) } @Classes;
    @Catalogs = grep { !_exists( 'RT::Catalog', $_->{Name} ) } @Catalogs;
    @Groups   = grep {
        my $group = RT::Group->new( RT->SystemUser );
        $group->LoadUserDefinedGroup( $_->{Name} );
        !$group->Id;
    } @Groups;
    @existing_cfs = grep { _existing_cf($_) } @CustomFields;
    @CustomFields = grep { !_existing_cf($_) } @CustomFields;
}

push @Final, sub {
    for my $item (@existing_cfs) {
        my $cf = _existing_cf($item);
        my $class = $item->{LookupType} eq 'RT::Catalog-RT::Asset' ? 'RT::Catalog' : 'RT::Queue';
        for my $name ( @{ $item->{ApplyTo} || [] } ) {
            next if $cf->IsGlobal;
            my $object = $class->new( RT->SystemUser );
            $object->Load($name) if $name;
            next if ( $name && !$object->Id ) || $cf->IsAdded( $object->Id || 0 );
            my ( $ok, $msg ) = $cf->AddToObject($object);
            die "custom field $item->{Name} on " . ( $name || 'every queue' ) . ": $msg\n"
                unless $ok;
        }
    }
};

# A right granted by an earlier load is not granted twice.
sub _acl_object {
    my ($acl) = @_;
    my $object;
    if ( $acl->{Queue} ) {
        $object = RT::Queue->new( RT->SystemUser );
        $object->Load( $acl->{Queue} );
    }
    elsif ( $acl->{Group} ) {
        $object = RT::Group->new( RT->SystemUser );
        $object->LoadUserDefinedGroup( $acl->{Group} );
    }
    elsif ( $acl->{ObjectType} ) {
        $object = $acl->{ObjectType}->new( RT->SystemUser );
        $object->Load( $acl->{ObjectId} );
    }
    elsif ( $acl->{CF} ) {
        $object = RT::CustomField->new( RT->SystemUser );
        $object->LoadByName( Name => $acl->{CF}, LookupType => $acl->{LookupType} );
    }
    return $object && $object->Id ? $object : undef;
}

sub _acl_holder {
    my ( $acl, $object ) = @_;
    if ( $acl->{GroupDomain} eq 'UserDefined' ) {
        my $group = RT::Group->new( RT->SystemUser );
        $group->LoadUserDefinedGroup( $acl->{GroupId} );
        return $group->Id ? $group : undef;
    }
    if ( $acl->{GroupDomain} eq 'SystemInternal' ) {
        my $group = RT::Group->new( RT->SystemUser );
        $group->LoadSystemInternalGroup( $acl->{GroupType} );
        return $group->Id ? $group : undef;
    }
    if ( $acl->{GroupDomain} eq 'RT::Queue-Role' && $object ) {
        my $group = $object->RoleGroup( $acl->{GroupType} );
        return $group && $group->Id ? $group : undef;
    }
    return undef;
}

if ( $RT::Handle && $RT::Handle->dbh ) {
    @ACL = grep {
        my $acl    = $_;
        my $object = _acl_object($acl);
        my $holder = $object ? _acl_holder( $acl, $object ) : undef;
        my @rights = ref $acl->{Right} ? @{ $acl->{Right} } : ( $acl->{Right} );
        if ($holder) {
            my $principal = $holder->PrincipalObj;
            @rights = grep {
                my $ace = RT::ACE->new( RT->SystemUser );
                $ace->LoadByValues(
                    RightName     => $_,
                    PrincipalId   => $principal->Id,
                    PrincipalType => $acl->{GroupDomain} =~ /-Role$/ ? $acl->{GroupType} : 'Group',
                    Object        => $object,
                );
                !$ace->Id;
            } @rights;
            $acl->{Right} = \@rights;
        }
        scalar @rights;
    } @ACL;
}
1;
