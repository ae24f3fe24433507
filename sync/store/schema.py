"""The replica's schema, as an ordered list of migrations.

``PRAGMA user_version`` holds how many have been applied.  Never edit a
migration that has shipped: append a new one (and a test that upgrades a
database of the previous version).
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: tickets, history, attachments, outbox, conflicts and cursors
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,          -- RT id; negative while only local
        client_uuid TEXT UNIQUE,         -- set on tickets created offline
        queue TEXT, created TEXT, last_updated TEXT,
        subject TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'new',
        priority TEXT, owner TEXT, due TEXT,
        site TEXT, address TEXT, contact TEXT,
        visit_start TEXT, visit_end TEXT, parts_used TEXT,
        requestors TEXT NOT NULL DEFAULT '[]',   -- JSON list of {"email": ...}
        time_worked INTEGER NOT NULL DEFAULT 0,  -- minutes, server's figure
        etag TEXT,                       -- server version the base belongs to
        base TEXT NOT NULL DEFAULT '{}', -- JSON: server's last-known synced fields
        last_txn INTEGER NOT NULL DEFAULT 0,
        gone TEXT                        -- why it left the helpdesk view (kept for unsent changes)
    );
    CREATE INDEX tickets_visit ON tickets(visit_start);
    CREATE INDEX tickets_site ON tickets(site);

    CREATE TABLE history (
        rowid INTEGER PRIMARY KEY,
        id INTEGER UNIQUE,               -- RT transaction id; NULL while local
        ticket_id INTEGER NOT NULL,
        client_uuid TEXT UNIQUE,         -- outbox uuid of a note made here
        type TEXT NOT NULL, created TEXT NOT NULL, creator TEXT,
        field TEXT, old_value TEXT, new_value TEXT,
        time_taken INTEGER NOT NULL DEFAULT 0,
        body TEXT, body_type TEXT
    );
    CREATE INDEX history_ticket ON history(ticket_id, created);

    CREATE TABLE attachments (
        rowid INTEGER PRIMARY KEY,
        id INTEGER UNIQUE,               -- RT attachment id; NULL while local
        ticket_id INTEGER NOT NULL,
        transaction_id INTEGER,
        client_uuid TEXT,                -- outbox uuid of a file added here
        filename TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
        path TEXT                        -- file under the profile; NULL = not downloaded
    );
    CREATE INDEX attachments_ticket ON attachments(ticket_id);

    CREATE TABLE users (name TEXT PRIMARY KEY, real_name TEXT, email TEXT);

    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- push order
        uuid TEXT NOT NULL UNIQUE,               -- client request id sent to RT
        ticket_ref INTEGER,                      -- ticket id (negative = not yet created)
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,                   -- JSON
        base TEXT,                               -- JSON: base values of changed fields
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'in_flight', 'done', 'rejected', 'conflict')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at REAL NOT NULL DEFAULT 0,
        created TEXT NOT NULL, updated TEXT NOT NULL,
        result TEXT                              -- server id of what it made
    );
    CREATE INDEX outbox_open ON outbox(state, ticket_ref, seq);

    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL, field TEXT NOT NULL,
        base TEXT, mine TEXT, theirs TEXT,
        outbox_seq INTEGER,
        created TEXT NOT NULL,
        resolved TEXT                  -- 'mine' | 'theirs' | 'both'; NULL = open
    );
    CREATE INDEX conflicts_open ON conflicts(ticket_id, field) WHERE resolved IS NULL;
    """,
    # 2: knowledge base (with full-text index) and equipment
    """
    CREATE TABLE assets (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, catalog TEXT, status TEXT,
        model TEXT, serial TEXT, warranty TEXT, last_updated TEXT,
        base_serial TEXT
    );
    CREATE TABLE ticket_assets (
        ticket_id INTEGER NOT NULL, asset_id INTEGER NOT NULL,
        PRIMARY KEY (ticket_id, asset_id)
    );

    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,          -- RT id; negative for local drafts
        name TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',      -- as served: HTML or plain text
        content_text TEXT NOT NULL DEFAULT '', -- plain text of content, for search
        last_updated TEXT,
        disabled INTEGER NOT NULL DEFAULT 0, draft INTEGER NOT NULL DEFAULT 0
    );
    -- Diacritics folded (remove_diacritics 2), prefix indexes for as-you-type.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        name, summary, content_text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, name, summary, content_text)
        VALUES (new.id, new.name, new.summary, new.content_text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, name, summary, content_text)
        VALUES ('delete', old.id, old.name, old.summary, old.content_text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, name, summary, content_text)
        VALUES ('delete', old.id, old.name, old.summary, old.content_text);
        INSERT INTO articles_fts(rowid, name, summary, content_text)
        VALUES (new.id, new.name, new.summary, new.content_text);
    END;

    """,
    # 3: the visit list counts unsent work per visit without scanning the outbox
    """
    CREATE INDEX outbox_ticket_open ON outbox(ticket_ref) WHERE state != 'done';
    CREATE INDEX history_unsent ON history(ticket_id) WHERE id IS NULL;
    """,
    # 4: other tickets at the technician's sites and equipment (recurring incidents), read-only
    """
    CREATE TABLE related_tickets (
        id INTEGER PRIMARY KEY,          -- RT id
        subject TEXT NOT NULL, status TEXT NOT NULL, owner TEXT,
        site TEXT, site_key TEXT,        -- site_key: casefolded site, for matching
        created TEXT NOT NULL, last_updated TEXT, visit_start TEXT
    );
    CREATE INDEX related_by_site ON related_tickets(site_key, created);
    CREATE TABLE related_assets (
        ticket_id INTEGER NOT NULL, asset_id INTEGER NOT NULL,
        PRIMARY KEY (ticket_id, asset_id)
    );
    CREATE INDEX related_by_asset ON related_assets(asset_id);
    -- Sites and assets whose tickets are followed, and when they were last asked for.
    CREATE TABLE related_watch (
        key TEXT PRIMARY KEY,            -- 'site:<site_key>' or 'asset:<id>'
        checked_at REAL NOT NULL,        -- laptop clock (only decides when to ask again)
        watermark TEXT                   -- server clock of that answer: next ask is changes since
    );
    """,
    # 5: the dispatch board: the technicians a supervisor assigns visits to,
    # and each technician's visits by time
    """
    CREATE TABLE technicians (
        name TEXT PRIMARY KEY,           -- RT user name (what Owner holds)
        real_name TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX tickets_dispatch ON tickets(owner, visit_start);
    """,
    # 6: why the helpdesk refused a change (sync.errors.Cause), so the fix can be offered
    """
    ALTER TABLE outbox ADD COLUMN error_cause TEXT;
    """,
    # 7: visit checklists (templates from RT, a visit's ticks) and the visit timer.
    # Self-contained: touches no table another migration creates except tickets.
    """
    ALTER TABLE tickets ADD COLUMN visit_types TEXT NOT NULL DEFAULT '[]';  -- JSON list
    CREATE TABLE checklist_templates (
        id INTEGER PRIMARY KEY,          -- RT article id
        name TEXT NOT NULL, content TEXT NOT NULL DEFAULT '', last_updated TEXT
    );
    CREATE TABLE checklists (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL,
        template_id INTEGER,             -- NULL once the template left the helpdesk
        name TEXT NOT NULL,
        origin TEXT NOT NULL,            -- 'visit type' (from RT) or 'added' (on site)
        template_updated TEXT,           -- the template version last merged in
        reason TEXT,                     -- why required items were left undone
        revision INTEGER NOT NULL DEFAULT 0,   -- revisions queued for RT
        queued_digest TEXT,              -- what the last queued revision said
        created TEXT NOT NULL,
        UNIQUE (ticket_id, name)
    );
    CREATE TABLE checklist_items (
        checklist_id INTEGER NOT NULL REFERENCES checklists(id) ON DELETE CASCADE,
        key TEXT NOT NULL,               -- the item's text, casefolded: its identity
        position INTEGER NOT NULL,
        section TEXT NOT NULL DEFAULT '', text TEXT NOT NULL,
        required INTEGER NOT NULL DEFAULT 0,
        value_label TEXT,                -- NULL: no value asked
        choices TEXT NOT NULL DEFAULT '[]',
        in_template INTEGER NOT NULL DEFAULT 1,  -- 0: removed from the template, kept for its work
        ticked INTEGER NOT NULL DEFAULT 0,
        value TEXT, comment TEXT,
        photo_path TEXT, photo_name TEXT,
        changed_by TEXT, changed_at TEXT,
        PRIMARY KEY (checklist_id, key)
    );
    CREATE INDEX checklists_ticket ON checklists(ticket_id);
    CREATE TABLE visit_timers (
        ticket_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('travel', 'on_site')),
        running_since TEXT,              -- UTC ISO; NULL = paused or stopped
        elapsed_s INTEGER NOT NULL DEFAULT 0,  -- time before running_since, not yet logged
        PRIMARY KEY (ticket_id, kind)
    );
    -- One timer runs at a time, whatever the visit.
    CREATE UNIQUE INDEX one_timer_running ON visit_timers(running_since IS NOT NULL)
        WHERE running_since IS NOT NULL;
    """,
    # 8: network checks (issue 18): runs kept for before/after, a site's own targets.
    # Self-contained: two new tables, nothing else touched.
    """
    CREATE TABLE netcheck_runs (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER,               -- the visit it ran on; NULL: from the Tools menu
        site_key TEXT NOT NULL DEFAULT '',  -- casefolded site ('' = no site)
        started TEXT NOT NULL,           -- UTC ISO
        run TEXT NOT NULL,               -- the run as JSON (sync.netcheck.run.Run)
        note_uuid TEXT                   -- the outbox row of its note, once attached
    );
    CREATE INDEX netcheck_runs_site ON netcheck_runs(site_key, started);
    CREATE TABLE netcheck_targets (
        site_key TEXT NOT NULL,
        position INTEGER NOT NULL,
        line TEXT NOT NULL,              -- a target as typed ("printer:9100  # reception")
        PRIMARY KEY (site_key, position)
    );
    """,
    # 9: asset records (issue 19): a site's inventory with history and tickets, assets
    # added here (negative ids until RT numbers them), a find index, conflicts, and
    # what each visit did to equipment (the service report).
    # Self-contained: extends only its own table (assets), creates the rest.
    """
    ALTER TABLE assets ADD COLUMN site TEXT;
    ALTER TABLE assets ADD COLUMN site_key TEXT;     -- casefolded site, as related.site_key
    ALTER TABLE assets ADD COLUMN purchase_date TEXT;
    ALTER TABLE assets ADD COLUMN owner TEXT;
    ALTER TABLE assets ADD COLUMN held_by TEXT;
    ALTER TABLE assets ADD COLUMN description TEXT;
    ALTER TABLE assets ADD COLUMN licence_key TEXT;  -- confidential: never logged
    ALTER TABLE assets ADD COLUMN client_uuid TEXT;  -- the add's outbox uuid (offline-created)
    ALTER TABLE assets ADD COLUMN base TEXT NOT NULL DEFAULT '{}';  -- JSON: RT's last values
    ALTER TABLE assets ADD COLUMN last_txn INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE assets ADD COLUMN in_inventory INTEGER NOT NULL DEFAULT 0;  -- came by its site
    -- What RT held, as far as the earlier schema knew: a serial corrected here and
    -- not yet sent stays shown as corrected.
    UPDATE assets SET base = json_object('name', name, 'model', model, 'serial', base_serial,
        'warranty', warranty, 'status', status, 'site', NULL, 'purchase_date', NULL,
        'description', NULL);
    CREATE INDEX assets_site ON assets(site_key);
    CREATE UNIQUE INDEX assets_client ON assets(client_uuid) WHERE client_uuid IS NOT NULL;
    CREATE TABLE asset_history (
        id INTEGER PRIMARY KEY,          -- RT transaction id
        asset_id INTEGER NOT NULL,
        type TEXT NOT NULL, created TEXT NOT NULL, creator TEXT,
        field TEXT, old_value TEXT, new_value TEXT
    );
    CREATE INDEX asset_history_asset ON asset_history(asset_id, created);
    CREATE TABLE asset_tickets (
        asset_id INTEGER NOT NULL, ticket_id INTEGER NOT NULL,
        subject TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '',
        owner TEXT, created TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (asset_id, ticket_id)
    );
    CREATE TABLE asset_conflicts (
        id INTEGER PRIMARY KEY,
        asset_id INTEGER NOT NULL, field TEXT NOT NULL,
        base TEXT, mine TEXT, theirs TEXT,
        outbox_seq INTEGER, created TEXT NOT NULL,
        resolved TEXT                    -- 'mine' | 'theirs'; NULL = open
    );
    CREATE INDEX asset_conflicts_open ON asset_conflicts(asset_id) WHERE resolved IS NULL;
    CREATE TABLE asset_touches (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL,      -- the visit
        asset_id INTEGER NOT NULL,
        action TEXT NOT NULL,            -- linked added edited replaced replacement retired
        detail TEXT NOT NULL DEFAULT '', -- e.g. "serial VNB3K12345 -> VNB9Q00001"
        outbox_uuid TEXT,                -- the change that did it (gone with it if discarded)
        created TEXT NOT NULL
    );
    CREATE INDEX asset_touches_ticket ON asset_touches(ticket_id);
    -- Find by any part of name, serial, model or site: trigram substrings.
    CREATE VIRTUAL TABLE assets_fts USING fts5(
        name, serial, model, site, content='assets', content_rowid='id', tokenize='trigram'
    );
    INSERT INTO assets_fts(rowid, name, serial, model, site)
        SELECT id, name, COALESCE(serial, ''), COALESCE(model, ''), COALESCE(site, '') FROM assets;
    CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets BEGIN
        INSERT INTO assets_fts(rowid, name, serial, model, site) VALUES (new.id, new.name,
            COALESCE(new.serial, ''), COALESCE(new.model, ''), COALESCE(new.site, ''));
    END;
    CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
        INSERT INTO assets_fts(assets_fts, rowid, name, serial, model, site) VALUES ('delete',
            old.id, old.name, COALESCE(old.serial, ''), COALESCE(old.model, ''),
            COALESCE(old.site, ''));
    END;
    CREATE TRIGGER assets_fts_update AFTER UPDATE OF id, name, serial, model, site ON assets BEGIN
        INSERT INTO assets_fts(assets_fts, rowid, name, serial, model, site) VALUES ('delete',
            old.id, old.name, COALESCE(old.serial, ''), COALESCE(old.model, ''),
            COALESCE(old.site, ''));
        INSERT INTO assets_fts(rowid, name, serial, model, site) VALUES (new.id, new.name,
            COALESCE(new.serial, ''), COALESCE(new.model, ''), COALESCE(new.site, ''));
    END;
    """,
    # 10: a file the helpdesk refused (HTTP 403/404: its visit went to someone else, or
    # its message is hidden from the technician) is not fetched ahead again until its
    # visit comes down changed.  Opening it by hand still asks.
    """
    ALTER TABLE attachments ADD COLUMN refused TEXT;  -- when; NULL = not refused
    """,
    # 11: the people in a technician's visits are shown by their RT real names: the
    # helpdesk is asked once per new login (sync.pullers.people).
    """
    ALTER TABLE users ADD COLUMN asked TEXT;  -- when the helpdesk was asked; NULL = not yet
    """,
    # 12: when a change was last sent: one in doubt (its answer lost) is sent again only
    # once the helpdesk has had time to finish the first sending (sync.changes.kind).
    """
    ALTER TABLE outbox ADD COLUMN sent_at REAL;  -- epoch seconds; NULL = never sent
    -- A change in flight when the laptop was updated may have been sent a moment ago.
    UPDATE outbox SET sent_at = CAST(strftime('%s', 'now') AS REAL) WHERE state = 'in_flight';
    """,
    # 13: a checklist revision the technician discarded from the outbox is work they let
    # go: retention and a visit given away need not keep the visit for it.
    """
    ALTER TABLE checklists ADD COLUMN let_go TEXT;  -- the digest discarded; NULL = none
    """,
    # 14: a file sent from this laptop was listed a second time by the pull, under RT's
    # id and not downloaded (the first copy "not yet sent" for ever): the copy that holds
    # the bytes takes RT's id (``files.remember_remote_file`` does so from now on).  Only
    # where the pair is one to one.
    """
    CREATE TEMP TABLE file_twins AS
        SELECT here.rowid AS here_row, MIN(rt.id) AS rt_id
        FROM attachments here JOIN attachments rt
            ON rt.ticket_id = here.ticket_id AND rt.transaction_id = here.transaction_id
            AND rt.filename = here.filename AND rt.id IS NOT NULL AND rt.path IS NULL
        WHERE here.id IS NULL AND here.transaction_id IS NOT NULL
        GROUP BY here.rowid;
    DELETE FROM file_twins
        WHERE rt_id IN (SELECT rt_id FROM file_twins GROUP BY rt_id HAVING count(*) > 1);
    DELETE FROM attachments WHERE id IN (SELECT rt_id FROM file_twins);
    UPDATE attachments
        SET id = (SELECT rt_id FROM file_twins WHERE here_row = attachments.rowid)
        WHERE rowid IN (SELECT here_row FROM file_twins);
    DROP TABLE file_twins;
    """,
    # 15: a visit stored while the helpdesk sent none of some of its fields (renamed,
    # disabled, hidden from the technician) remembers which: the sync reads it again
    # once the helpdesk sends them (sync.pullers.tickets), though the visit did not change.
    """
    ALTER TABLE tickets ADD COLUMN fields_not_sent TEXT;  -- JSON list; NULL = all sent
    """,
    # 16: an equipment change whose asset conflicts were all settled -- decided, or
    # replaced by a later change's conflict on the same field (its record deleted) --
    # stayed "in conflict" for good: unsent, and its visit kept.  It is done
    # (``sync.asset_conflicts.close_change_if_settled`` does so from now on, and marks a
    # replaced record resolved = 'superseded').  Only the kinds that write asset fields.
    """
    UPDATE outbox SET state = 'done', updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
        WHERE state = 'conflict'
        AND kind IN ('asset_edit', 'asset_retire', 'asset_serial', 'asset_replace')
        AND NOT EXISTS (SELECT 1 FROM asset_conflicts c
                        WHERE c.outbox_seq = outbox.seq AND c.resolved IS NULL);
    """,
    # 17: a reply goes to the ticket's Ccs too (and to its AdminCcs, the helpdesk's own
    # watchers): the reply composer names them.  Visits stored before were read without
    # them: not known (NULL) until read again, which the next sync does, as for a visit
    # left stale (``sync.pullers.tickets``: one listing a hundred visits, their history
    # from where it was).
    """
    ALTER TABLE tickets ADD COLUMN ccs TEXT DEFAULT '[]';        -- JSON list; NULL = not read
    ALTER TABLE tickets ADD COLUMN admin_ccs TEXT DEFAULT '[]';  -- likewise
    UPDATE tickets SET ccs = NULL, admin_ccs = NULL WHERE id > 0;
    UPDATE tickets SET last_updated = NULL WHERE id > 0 AND gone IS NULL;
    """,
    # 18: RT's history names the owners of an owner change by user id ("6 → 41"): the
    # people puller asks RT once per id whom it numbers so, and the history names them
    # ("Nobody → alice"; ``sync.store.users.name_owner_changes``), visits pulled before too.
    """
    CREATE TABLE user_ids (id INTEGER PRIMARY KEY, name TEXT);  -- name NULL: RT did not say
    CREATE INDEX history_owner_changes ON history(ticket_id) WHERE field = 'Owner';
    """,
    # 19: the KB's words in the forms FTS5 cannot find as typed (``sync.store.kb_forms``:
    # Chinese, Japanese and Korean as pairs of characters, full-width letters...) are
    # indexed too: the triggers index a title's forms after it in ``name``, and its
    # summary's and text's after the summary in ``summary`` (FTS5 cannot add a column, and
    # making the index again took 25 s for 20 000 articles).  Never in ``content_text``:
    # snippet() reads that column's text from the table and marks matches by their place
    # in its words.  The forms of the articles already here: ``database.fill_search_forms``.
    """
    ALTER TABLE articles ADD COLUMN name_forms TEXT NOT NULL DEFAULT '';  -- of the title
    ALTER TABLE articles ADD COLUMN text_forms TEXT NOT NULL DEFAULT '';  -- summary, text
    DROP TRIGGER articles_ai;
    DROP TRIGGER articles_ad;
    DROP TRIGGER articles_au;
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, name, summary, content_text) VALUES (
            new.id, new.name || ' ' || new.name_forms, new.summary || ' ' || new.text_forms,
            new.content_text
        );
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, name, summary, content_text) VALUES (
            'delete', old.id, old.name || ' ' || old.name_forms,
            old.summary || ' ' || old.text_forms, old.content_text
        );
    END;
    CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, name, summary, content_text) VALUES (
            'delete', old.id, old.name || ' ' || old.name_forms,
            old.summary || ' ' || old.text_forms, old.content_text
        );
        INSERT INTO articles_fts(rowid, name, summary, content_text) VALUES (
            new.id, new.name || ' ' || new.name_forms, new.summary || ' ' || new.text_forms,
            new.content_text
        );
    END;
    """,
    # 20: a page of the KB's sync is indexed in one statement after its rows are written
    # (``sync.store.kb.apply_remote_articles``), not by the insert trigger row by row: the
    # first sync of 20 000 articles took 26 s that way, 17 s this.  While the page is
    # written, ``kb_indexing`` holds a row (in the same transaction, so never after it).
    """
    CREATE TABLE kb_indexing (by_page INTEGER NOT NULL);
    DROP TRIGGER articles_ai;
    CREATE TRIGGER articles_ai AFTER INSERT ON articles
    WHEN NOT EXISTS (SELECT 1 FROM kb_indexing) BEGIN
        INSERT INTO articles_fts(rowid, name, summary, content_text) VALUES (
            new.id, new.name || ' ' || new.name_forms, new.summary || ' ' || new.text_forms,
            new.content_text
        );
    END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
