#!/usr/bin/perl
# Create one REST2 auth token per named RT user and print {"user": "token"}
# as JSON.  RT has no REST endpoint for this; an admin can also create tokens
# in the web UI (Logged in as ... > Settings > Auth Tokens).
#
#   RT_SITE_CONFIG=... perl create-tokens.pl alice bob
use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT -init;
use JSON ();

my %tokens;
for my $name (@ARGV) {
    my $user = RT::User->new( RT->SystemUser );
    $user->Load($name);
    die "no such RT user: $name\n" unless $user->Id;
    my $token = RT::AuthToken->new( RT->SystemUser );
    my ( $ok, $msg, $auth_string ) = $token->Create(
        Owner       => $user->Id,
        Description => 'FieldDesk',
    );
    die "token for $name: $msg\n" unless $ok;
    $tokens{$name} = $auth_string;
}
print JSON->new->canonical->encode( \%tokens );
