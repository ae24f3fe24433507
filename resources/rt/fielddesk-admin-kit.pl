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
# Rights model: technicians change only the tickets they own (rights are
# granted to the queue's Owner role); they may *see* the other tickets of the
# queue (subject, status, fields, replies, but not internal comments), so that
# FieldDesk can show recurring incidents at the same site or on the same
# equipment.  Supervisors see and change the whole queue.

use strict;
use warnings;

our ( @Queues, @Groups, @CustomFields, @Classes, @Catalogs, @ACL );

my $QUEUE   = 'Field Service';
my $CLASS   = 'Field KB';
my $CATALOG = 'Field Equipment';
my $CHECKLISTS = 'Field Checklists';
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
    my ( $name, $type, $description ) = @_;
    return {
        Name        => $name,
        Type        => $type,
        MaxValues   => 1,
        LookupType  => 'RT::Catalog-RT::Asset',
        Description => $description,
        ApplyTo     => [$CATALOG],
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
    {
        Name        => 'Client Request Id',
        Type        => 'Freeform',
        MaxValues   => 1,
        LookupType  => 'RT::Queue-RT::Ticket-RT::Transaction',
        Description => 'Set by FieldDesk on every note, so a retried note is recognised',
        ApplyTo     => [$QUEUE],
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
        ApplyTo     => [$QUEUE],
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
    asset_cf( 'Model',            'Freeform', 'Make and model' ),
    asset_cf( 'Warranty Expires', 'Date',     'Last day of the manufacturer warranty' ),
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
my @asset_rights_tech         = qw(ShowCatalog ShowAsset ModifyAsset SeeCustomField ModifyCustomField);
my @asset_rights_supervisor   = ( @asset_rights_tech, qw(CreateAsset) );

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
    # Each user reads the wipe flag on their own record; only admins set it.
    { GroupDomain => 'SystemInternal', GroupType => 'Privileged', CF => 'FieldDesk Wipe',
      LookupType => 'RT::User', Right => [qw(SeeCustomField)] },
    # Supervisors read the technician list for the dispatch board.
    group_rights( 'Field Supervisors', { Group => 'Field Technicians' }, [qw(SeeGroup)] ),
);

# Loading the kit into an RT that holds an older one adds only what is new:
# whatever already exists (looked up by name) and every right already granted
# is left out, so upgrading is the same command as installing.
sub fd_load {
    my ( $class, $name, %by ) = @_;
    my $object = $class->new( RT->SystemUser );
    if    ( $class eq 'RT::Group' )       { $object->LoadUserDefinedGroup($name) }
    elsif ( $class eq 'RT::CustomField' ) { $object->LoadByName( Name => $name, %by ) }
    else                                  { $object->Load($name) }
    return $object->Id ? $object : undef;
}

sub fd_rights_missing {
    my ($item) = @_;
    my $object =
          $item->{CF}         ? fd_load( 'RT::CustomField', $item->{CF}, LookupType => $item->{LookupType} )
        : $item->{Queue}      ? fd_load( 'RT::Queue', $item->{Queue} )
        : $item->{Group}      ? fd_load( 'RT::Group', $item->{Group} )
        : $item->{ObjectType} ? fd_load( $item->{ObjectType}, $item->{ObjectId} )
        :                       RT->System;
    my @rights = ref $item->{Right} ? @{ $item->{Right} } : ( $item->{Right} );
    return @rights unless $object;    # created by this load: all its rights are new
    my $principal = RT::Group->new( RT->SystemUser );
    if    ( $item->{GroupDomain} eq 'UserDefined' )    { $principal->LoadUserDefinedGroup( $item->{GroupId} ) }
    elsif ( $item->{GroupDomain} eq 'SystemInternal' ) { $principal->LoadSystemInternalGroup( $item->{GroupType} ) }
    else { $principal->LoadRoleGroup( Object => $object, Name => $item->{GroupType} ) }
    return @rights unless $principal->Id;
    return grep {
        my $ace = RT::ACE->new( RT->SystemUser );
        $ace->LoadByValues(
            PrincipalId   => $principal->PrincipalId,
            PrincipalType => $principal->Domain =~ /-Role$/ ? $principal->Name : 'Group',
            RightName     => $_,
            Object        => $object,
        );
        !$ace->Id;
    } @rights;
}

our @Initial = (
    sub {
        @Queues   = grep { !fd_load( 'RT::Queue',   $_->{Name} ) } @Queues;
        @Groups   = grep { !fd_load( 'RT::Group',   $_->{Name} ) } @Groups;
        @Classes  = grep { !fd_load( 'RT::Class',   $_->{Name} ) } @Classes;
        @Catalogs = grep { !fd_load( 'RT::Catalog', $_->{Name} ) } @Catalogs;
        @CustomFields =
            grep { !fd_load( 'RT::CustomField', $_->{Name}, LookupType => $_->{LookupType} ) } @CustomFields;
        @ACL = grep { @{ $_->{Right} } } map { { %$_, Right => [ fd_rights_missing($_) ] } } @ACL;
    },
);

1;
