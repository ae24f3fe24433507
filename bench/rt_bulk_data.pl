#!/usr/bin/perl
# Bulk data for bench/sync_requests.py: tickets owned by a technician and
# "Field KB" articles, created server-side through RT's own API (much faster
# than REST).  Input: a JSON file {"owner": ..., "tickets": [...], "articles": [...]}
# as written by bench/sync_requests.py.  Output: JSON timings on stdout.
#
#   RT_SITE_CONFIG=<instance>/RT_SiteConfig.pm RT_SITE_CONFIG_DIR=<instance>/site.d \
#       perl bench/rt_bulk_data.pl data.json
#
# Only for a private benchmark RT (devrt instance), never a real helpdesk.
use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT -init;
use JSON ();
use Time::HiRes qw(time);
use MIME::Entity;
use Encode;

my $BATCH = 100;    # rows per database transaction (SQLite: one fsync per batch)

my $file = shift or die "usage: $0 data.json\n";
open my $fh, '<:raw', $file or die "$file: $!\n";
my $data = JSON->new->decode( do { local $/; <$fh> } );
close $fh;

sub cf_id {
    my ( $name, $lookup ) = @_;
    my $cf = RT::CustomField->new( RT->SystemUser );
    $cf->LoadByCols( Name => $name, LookupType => $lookup, Disabled => 0 );
    die "custom field '$name' missing\n" unless $cf->Id;
    return $cf->Id;
}

sub in_batches {
    my ( $rows, $create ) = @_;
    my $i = 0;
    $RT::Handle->BeginTransaction;
    for my $row (@$rows) {
        $create->($row);
        if ( ++$i % $BATCH == 0 ) {
            $RT::Handle->Commit;
            $RT::Handle->BeginTransaction;
        }
    }
    $RT::Handle->Commit;
}

my $owner = RT::User->new( RT->SystemUser );
$owner->Load( $data->{owner} );
die "no such user: $data->{owner}\n" unless $owner->Id;

my %ticket_cf = map { $_ => cf_id( $_, 'RT::Queue-RT::Ticket' ) }
    ( 'Site', 'Address', 'Contact', 'Visit Start', 'Visit End' );

my $started = time;
in_batches(
    $data->{tickets},
    sub {
        my ($t) = @_;
        my $ticket = RT::Ticket->new( RT->SystemUser );
        my ( $id, undef, $msg ) = $ticket->Create(
            Queue     => 'Field Service',
            Subject   => $t->{subject},
            Owner     => $owner->Id,
            Requestor => [ $t->{requestor} ],
            Priority  => $t->{priority},
            MIMEObj   => MIME::Entity->build(
                Type     => 'text/plain',
                Charset  => 'UTF-8',
                Encoding => 'quoted-printable',
                Data     => [ Encode::encode( 'UTF-8', $t->{body} ) ],
            ),
            map { ( "CustomField-$ticket_cf{$_}" => $t->{fields}{$_} ) } keys %ticket_cf,
        );
        die "ticket '$t->{subject}': $msg\n" unless $id;
    }
);
my $tickets_s = time - $started;

my $class = RT::Class->new( RT->SystemUser );
$class->Load('Field KB');
die "class 'Field KB' missing\n" unless $class->Id;
my $content = cf_id( 'Content', 'RT::Class-RT::Article' );

$started = time;
in_batches(
    $data->{articles},
    sub {
        my ($a) = @_;
        my $article = RT::Article->new( RT->SystemUser );
        my ( $ok, $msg ) = $article->Create(
            Class                  => $class->Id,
            Name                   => $a->{name},
            Summary                => $a->{summary},
            "CustomField-$content" => $a->{content},
        );
        die "article '$a->{name}': $msg\n" unless $ok;
    }
);
my $articles_s = time - $started;

print JSON->new->canonical->encode(
    {
        tickets          => scalar @{ $data->{tickets} },
        articles         => scalar @{ $data->{articles} },
        tickets_seconds  => $tickets_s,
        articles_seconds => $articles_s,
    }
);
