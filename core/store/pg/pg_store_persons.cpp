// People and their identities across platforms on PostgreSQL: the rules of store_persons.cpp.
#include <nlohmann/json.hpp>

#include "core/store/pg/pg_store.hpp"
#include "core/store/unix_time.hpp"
#include "core/text.hpp"
#include "core/time_zone.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::text;

Status validate_identity(const Identity& id) {
    if (id.platform.empty() || id.user_id.empty())
        return make_error(Errc::invalid_argument, "identity needs a platform and a user id");
    if (auto ok = validate_text(id.user_id, 256, "user id"); !ok) return ok;
    return validate_text(id.platform, 32, "platform");
}

Error no_person(const Identity& id) {
    return make_error(Errc::not_found, "no person with identity " + id.platform + ":" + id.user_id);
}

}  // namespace

Result<std::optional<Person>> PgStore::load_person(const Identity& id) {
    auto q = db_->query("SELECT p.id, p.name, p.locale, p.timezone, p.contact, p.last_platform, p.last_user,"
                        " p.last_conversation, p.last_thread, p.phone, p.contact_asked, p.updates_pinned FROM persons p"
                        " JOIN identities i ON i.person_id = p.id WHERE i.platform = $1 AND i.user_id = $2",
                        {text(id.platform), text(id.user_id)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<Person>{};
    Person p{q->integer(0, 0), q->text(0, 1), q->text(0, 2), q->text(0, 3), q->text(0, 4), q->text(0, 9),
             q->integer(0, 10) != 0, {}, std::nullopt, {}, q->integer(0, 11) != 0};
    if (!q->text(0, 5).empty()) {
        p.last_identity = Identity{q->text(0, 5), q->text(0, 6)};
        p.last_address = Address{p.last_identity->platform, q->text(0, 7), q->text(0, 8)};
    }
    auto ids = db_->query("SELECT platform, user_id FROM identities WHERE person_id = $1 ORDER BY platform, user_id",
                          {integer(p.id)});
    if (!ids) return ids.error();
    for (int i = 0; i < ids->size(); ++i) p.identities.push_back({ids->text(i, 0), ids->text(i, 1)});
    return std::optional<Person>{std::move(p)};
}

Result<Person> PgStore::upsert_person(const Identity& id, const std::string& name, const std::string& contact) {
    if (auto ok = validate_identity(id); !ok) return ok.error();
    if (auto ok = validate_text(name, 512, "name"); !ok) return ok.error();
    if (auto ok = validate_text(contact, 512, "contact"); !ok) return ok.error();
    Result<Person> out = make_error(Errc::storage, "upsert person did not run");
    auto status = in_transaction([&]() -> Status {
        auto existing = load_person(id);
        if (!existing) return existing.error();
        if (!*existing) {
            auto made = db_->query("INSERT INTO persons (name, contact) VALUES ($1, $2) RETURNING id", {text(name), text(contact)});
            if (!made) return made.error();
            const std::int64_t person_id = made->integer(0, 0);
            // Another process may make a person for the same identity at the same moment: the
            // identity's key decides, the loser drops its person and takes the winner's.
            auto link = db_->query("INSERT INTO identities (platform, user_id, person_id) VALUES ($1, $2, $3)"
                                   " ON CONFLICT (platform, user_id) DO NOTHING",
                                   {text(id.platform), text(id.user_id), integer(person_id)});
            if (!link) return link.error();
            if (link->affected() == 1) {
                out = Person{person_id, name, "", "", contact, "", false, {id}, std::nullopt, {}, false};
                return {};
            }
            auto drop = db_->query("DELETE FROM persons WHERE id = $1", {integer(person_id)});
            if (!drop) return drop.error();
            existing = load_person(id);
            if (!existing) return existing.error();
            if (!*existing) return make_error(Errc::storage, "the person of " + id.platform + ":" + id.user_id + " vanished");
        }
        // Known: a non-empty name or contact replaces the stored one.
        Person p = std::move(**existing);
        const bool rename = !name.empty() && name != p.name;
        const bool recontact = !contact.empty() && contact != p.contact;
        if (rename || recontact) {
            auto up = db_->query("UPDATE persons SET name = CASE WHEN $1 <> '' THEN $1 ELSE name END,"
                                 " contact = CASE WHEN $2 <> '' THEN $2 ELSE contact END WHERE id = $3",
                                 {text(name), text(contact), integer(p.id)});
            if (!up) return up.error();
            if (rename) p.name = name;
            if (recontact) p.contact = contact;
        }
        out = std::move(p);
        return {};
    });
    if (!status) return status.error();
    return out;
}

Result<std::optional<Person>> PgStore::find_person(const Identity& id) { return load_person(id); }

Status PgStore::set_locale(const Identity& id, const std::string& locale) {
    if (locale.empty() || locale.size() > 16) return make_error(Errc::invalid_argument, "bad locale");
    auto up = db_->query("UPDATE persons SET locale = $1 WHERE id ="
                         " (SELECT person_id FROM identities WHERE platform = $2 AND user_id = $3)",
                         {text(locale), text(id.platform), text(id.user_id)});
    if (!up) return up.error();
    if (up->affected() == 0) return no_person(id);
    return {};
}

Status PgStore::set_time_zone(const Identity& id, const std::string& zone) {
    if (!is_zone_name(zone)) return make_error(Errc::invalid_argument, "bad time zone name");
    auto up = db_->query("UPDATE persons SET timezone = $1 WHERE id ="
                         " (SELECT person_id FROM identities WHERE platform = $2 AND user_id = $3)",
                         {text(zone), text(id.platform), text(id.user_id)});
    if (!up) return up.error();
    if (up->affected() == 0) return no_person(id);
    return {};
}

Status PgStore::set_contact(const Identity& id, const std::string& name, const std::string& email, const std::string& phone) {
    if (auto ok = validate_identity(id); !ok) return ok;
    if (auto ok = validate_text(name, 512, "name"); !ok) return ok;
    if (auto ok = validate_text(email, 512, "e-mail"); !ok) return ok;
    if (auto ok = validate_text(phone, 64, "phone"); !ok) return ok;
    return in_transaction([&]() -> Status {
        auto person = upsert_person(id, "", "");
        if (!person) return person.error();
        auto up = db_->query("UPDATE persons SET name = CASE WHEN $1 <> '' THEN $1 ELSE name END,"
                             " contact = CASE WHEN $2 <> '' THEN $2 ELSE contact END,"
                             " phone = CASE WHEN $3 <> '' THEN $3 ELSE phone END, contact_asked = 1 WHERE id = $4",
                             {text(name), text(email), text(phone), integer(person->id)});
        if (!up) return up.error();
        return {};
    });
}

Status PgStore::note_seen(const Identity& id, const Address& where) {
    if (auto ok = validate_identity(id); !ok) return ok;
    return in_transaction([&]() -> Status {
        auto person = upsert_person(id, "", "");
        if (!person) return person.error();
        if (person->updates_pinned) return {};  // the person chose where updates go
        if (person->last_identity == id && person->last_address == where) return {};
        return set_updates_place(person->id, id, where, false);
    });
}

Status PgStore::choose_updates_place(const Identity& id, const Address& where, bool pinned) {
    if (auto ok = validate_identity(id); !ok) return ok;
    return in_transaction([&]() -> Status {
        auto person = upsert_person(id, "", "");
        if (!person) return person.error();
        return set_updates_place(person->id, id, where, pinned);
    });
}

Status PgStore::set_updates_place(std::int64_t person, const Identity& id, const Address& where, bool pinned) {
    auto up = db_->query("UPDATE persons SET last_platform = $1, last_user = $2, last_conversation = $3, last_thread = $4,"
                         " updates_pinned = $5 WHERE id = $6",
                         {text(id.platform), text(id.user_id), text(where.conversation_id), text(where.thread),
                          integer(pinned ? 1 : 0), integer(person)});
    if (!up) return up.error();
    return {};
}

Result<IdentityLink> PgStore::link_person_identity(const Identity& existing, const Identity& added, const std::string& actor,
                                                   TimePoint at) {
    if (auto ok = validate_identity(existing); !ok) return ok.error();
    if (auto ok = validate_identity(added); !ok) return ok.error();
    IdentityLink out;
    auto status = in_transaction([&]() -> Status {
        auto owner = load_person(existing);
        if (!owner) return owner.error();
        if (!*owner) return no_person(existing);
        const Person& keep = **owner;
        out.person_id = keep.id;
        auto other = load_person(added);
        if (!other) return other.error();
        if (*other && (*other)->id == keep.id) {
            out.already = true;
            return {};
        }
        if (!*other) {
            auto link = db_->query("INSERT INTO identities (platform, user_id, person_id) VALUES ($1, $2, $3)",
                                   {text(added.platform), text(added.user_id), integer(keep.id)});
            if (!link) return link.error();
            out.moved.push_back(added);
        } else {
            // Two persons become one: the other's identities (and with them their tickets, sessions
            // and held words) move; what the survivor does not know yet comes from the other.
            const Person& gone = **other;
            out.merged_person = gone.id;
            out.moved = gone.identities;
            auto move = db_->query("UPDATE identities SET person_id = $1 WHERE person_id = $2", {integer(keep.id), integer(gone.id)});
            if (!move) return move.error();
            auto fill = db_->query("UPDATE persons SET name = CASE WHEN name = '' THEN $1 ELSE name END,"
                                   " contact = CASE WHEN contact = '' THEN $2 ELSE contact END,"
                                   " locale = CASE WHEN locale = '' THEN $3 ELSE locale END,"
                                   " timezone = CASE WHEN timezone = '' THEN $4 ELSE timezone END,"
                                   " phone = CASE WHEN phone = '' THEN $5 ELSE phone END,"
                                   " contact_asked = GREATEST(contact_asked, $6) WHERE id = $7",
                                   {text(gone.name), text(gone.contact), text(gone.locale), text(gone.timezone),
                                    text(gone.phone), integer(gone.contact_asked ? 1 : 0), integer(keep.id)});
            if (!fill) return fill.error();
            auto drop = db_->query("DELETE FROM persons WHERE id = $1", {integer(gone.id)});
            if (!drop) return drop.error();
        }
        nlohmann::json moved = nlohmann::json::array();
        for (const auto& m : out.moved) moved.push_back(m.platform + ":" + m.user_id);
        auto log = db_->query(
            "INSERT INTO identity_links (at, actor, person_id, merged_person, details) VALUES ($1, $2, $3, $4, $5)",
            {integer(to_unix(at)), text(actor), integer(keep.id), out.merged_person ? integer(*out.merged_person) : pg::null(),
             text(nlohmann::json{{"existing", existing.platform + ":" + existing.user_id},
                                 {"added", added.platform + ":" + added.user_id},
                                 {"moved", moved}}
                      .dump())});
        if (!log) return log.error();
        return {};
    });
    if (!status) return status.error();
    return out;
}

Status PgStore::link_identity(const Identity& existing, const Identity& added) {
    auto linked = link_person_identity(existing, added, "system", TimePoint{});
    if (!linked) return linked.error();
    return {};
}

Status PgStore::save_link_code(const LinkCode& c) {
    if (auto ok = validate_identity(c.owner); !ok) return ok;
    if (c.code.empty() || c.code.size() > 32) return make_error(Errc::invalid_argument, "bad link code");
    if (auto ok = validate_text(c.where.conversation_id, 256, "conversation"); !ok) return ok;
    if (auto ok = validate_text(c.where.thread, 256, "thread"); !ok) return ok;
    return in_transaction([&]() -> Status {
        // One live code per identity: asking again replaces the one not typed yet.
        auto old = db_->query("DELETE FROM link_codes WHERE platform = $1 AND user_id = $2 AND used_at IS NULL",
                              {text(c.owner.platform), text(c.owner.user_id)});
        if (!old) return old.error();
        auto ins = db_->query("INSERT INTO link_codes (code, platform, user_id, conversation, thread, created_at, expires_at)"
                              " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                              {text(c.code), text(c.owner.platform), text(c.owner.user_id), text(c.where.conversation_id),
                               text(c.where.thread), integer(to_unix(c.created_at)), integer(to_unix(c.expires_at))});
        if (!ins) return ins.error();
        return {};
    });
}

Result<RedeemedCode> PgStore::redeem_link_code(const std::string& code, const Identity& redeemer, TimePoint now) {
    RedeemedCode out;
    if (code.empty() || code.size() > 32) return out;
    auto status = in_transaction([&]() -> Status {
        // FOR UPDATE: two processes redeeming one code at once see it one after the other.
        auto q = db_->query("SELECT platform, user_id, conversation, thread, created_at, expires_at, used_at"
                            " FROM link_codes WHERE code = $1 FOR UPDATE",
                            {text(code)});
        if (!q) return q.error();
        if (q->empty()) return {};
        LinkCode c;
        c.code = code;
        c.owner = {q->text(0, 0), q->text(0, 1)};
        c.where = {c.owner.platform, q->text(0, 2), q->text(0, 3)};
        c.created_at = from_unix(q->integer(0, 4));
        c.expires_at = from_unix(q->integer(0, 5));
        const bool used = !q->null(0, 6);
        out.code = c;
        if (used) out.check = LinkCodeCheck::used;
        else if (c.owner == redeemer) out.check = LinkCodeCheck::own;
        else if (now >= c.expires_at) out.check = LinkCodeCheck::expired;
        else out.check = LinkCodeCheck::valid;
        if (out.check != LinkCodeCheck::valid) return {};
        auto use = db_->query("UPDATE link_codes SET used_at = $1 WHERE code = $2 AND used_at IS NULL",
                              {integer(to_unix(now)), text(code)});
        if (!use) return use.error();
        return {};
    });
    if (!status) return status.error();
    return out;
}

}  // namespace frontline
