// People and their identities across platforms.
#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/text.hpp"
#include "core/time_zone.hpp"

namespace frontline {
namespace {

Result<std::optional<Person>> load_person(SqliteStore& store, const Identity& id) {
    auto q = store.statement("SELECT p.id, p.name, p.locale, p.timezone, p.contact, p.last_platform, p.last_user,"
                             " p.last_conversation, p.last_thread, p.phone, p.contact_asked, p.updates_pinned FROM persons p"
                             " JOIN identities i ON i.person_id = p.id WHERE i.platform = ? AND i.user_id = ?");
    q->bind(1, id.platform);
    q->bind(2, id.user_id);
    if (!q->executeStep()) return std::optional<Person>{};
    Person p{q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString(),
             q->getColumn(3).getString(), q->getColumn(4).getString(), q->getColumn(9).getString(),
             q->getColumn(10).getInt() != 0, {}, std::nullopt, {}, q->getColumn(11).getInt() != 0};
    if (!q->getColumn(5).getString().empty()) {
        p.last_identity = Identity{q->getColumn(5).getString(), q->getColumn(6).getString()};
        p.last_address = Address{p.last_identity->platform, q->getColumn(7).getString(), q->getColumn(8).getString()};
    }
    auto ids = store.statement("SELECT platform, user_id FROM identities WHERE person_id = ? ORDER BY platform, user_id");
    ids->bind(1, static_cast<int64_t>(p.id));
    while (ids->executeStep()) p.identities.push_back({ids->getColumn(0).getString(), ids->getColumn(1).getString()});
    return std::optional<Person>{std::move(p)};
}

Status validate_identity(const Identity& id) {
    if (id.platform.empty() || id.user_id.empty())
        return make_error(Errc::invalid_argument, "identity needs a platform and a user id");
    if (auto ok = validate_text(id.user_id, 256, "user id"); !ok) return ok;
    return validate_text(id.platform, 32, "platform");
}

}  // namespace

Result<Person> SqliteStore::upsert_person(const Identity& id, const std::string& name, const std::string& contact) {
    if (auto ok = validate_identity(id); !ok) return ok.error();
    if (auto ok = validate_text(name, 512, "name"); !ok) return ok.error();
    if (auto ok = validate_text(contact, 512, "contact"); !ok) return ok.error();
    Result<Person> out = make_error(Errc::storage, "upsert person did not run");
    auto status = in_transaction([&]() -> Status {
        auto existing = load_person(*this, id);
        if (!existing) return existing.error();
        if (!*existing) {
            auto ins = statement("INSERT INTO persons (name, contact) VALUES (?, ?)");
            ins->bind(1, name);
            ins->bind(2, contact);
            ins->exec();
            const std::int64_t person_id = db_->getLastInsertRowid();
            auto link = statement("INSERT INTO identities (platform, user_id, person_id) VALUES (?, ?, ?)");
            link->bind(1, id.platform);
            link->bind(2, id.user_id);
            link->bind(3, static_cast<int64_t>(person_id));
            link->exec();
            out = Person{person_id, name, "", "", contact, "", false, {id}, std::nullopt, {}, false};
            return {};
        }
        // Known: a non-empty name or contact replaces the stored one; nothing is read back (the
        // engine upserts on every turn, and usually nothing changed at all).
        Person p = std::move(**existing);
        const bool rename = !name.empty() && name != p.name;
        const bool recontact = !contact.empty() && contact != p.contact;
        if (rename || recontact) {
            auto up = statement("UPDATE persons SET name = CASE WHEN ?1 <> '' THEN ?1 ELSE name END,"
                                " contact = CASE WHEN ?2 <> '' THEN ?2 ELSE contact END WHERE id = ?3");
            up->bind(1, name);
            up->bind(2, contact);
            up->bind(3, static_cast<int64_t>(p.id));
            up->exec();
            if (rename) p.name = name;
            if (recontact) p.contact = contact;
        }
        out = std::move(p);
        return {};
    });
    if (!status) return status.error();
    return out;
}

Result<std::optional<Person>> SqliteStore::find_person(const Identity& id) {
    return sql_guard("find person", [&] { return load_person(*this, id); });
}

Status SqliteStore::set_locale(const Identity& id, const std::string& locale) {
    if (locale.empty() || locale.size() > 16) return make_error(Errc::invalid_argument, "bad locale");
    return sql_guard("set locale", [&]() -> Status {
        auto up = statement("UPDATE persons SET locale = ? WHERE id ="
                            " (SELECT person_id FROM identities WHERE platform = ? AND user_id = ?)");
        up->bind(1, locale);
        up->bind(2, id.platform);
        up->bind(3, id.user_id);
        if (up->exec() == 0) return make_error(Errc::not_found, "no person with identity " + id.platform + ":" + id.user_id);
        return {};
    });
}

Status SqliteStore::set_time_zone(const Identity& id, const std::string& zone) {
    if (!is_zone_name(zone)) return make_error(Errc::invalid_argument, "bad time zone name");
    return sql_guard("set time zone", [&]() -> Status {
        auto up = statement("UPDATE persons SET timezone = ? WHERE id ="
                            " (SELECT person_id FROM identities WHERE platform = ? AND user_id = ?)");
        up->bind(1, zone);
        up->bind(2, id.platform);
        up->bind(3, id.user_id);
        if (up->exec() == 0) return make_error(Errc::not_found, "no person with identity " + id.platform + ":" + id.user_id);
        return {};
    });
}

Status SqliteStore::set_contact(const Identity& id, const std::string& name, const std::string& email, const std::string& phone) {
    if (auto ok = validate_identity(id); !ok) return ok;
    if (auto ok = validate_text(name, 512, "name"); !ok) return ok;
    if (auto ok = validate_text(email, 512, "e-mail"); !ok) return ok;
    if (auto ok = validate_text(phone, 64, "phone"); !ok) return ok;
    return in_transaction([&]() -> Status {
        auto person = upsert_person(id, "", "");
        if (!person) return person.error();
        auto up = statement("UPDATE persons SET name = CASE WHEN ?1 <> '' THEN ?1 ELSE name END,"
                            " contact = CASE WHEN ?2 <> '' THEN ?2 ELSE contact END,"
                            " phone = CASE WHEN ?3 <> '' THEN ?3 ELSE phone END, contact_asked = 1 WHERE id = ?4");
        up->bind(1, name);
        up->bind(2, email);
        up->bind(3, phone);
        up->bind(4, static_cast<int64_t>(person->id));
        up->exec();
        return {};
    });
}

Status SqliteStore::note_seen(const Identity& id, const Address& where) {
    if (auto ok = validate_identity(id); !ok) return ok;
    return in_transaction([&]() -> Status {
        auto person = upsert_person(id, "", "");
        if (!person) return person.error();
        if (person->updates_pinned) return {};  // the person chose where updates go
        if (person->last_identity == id && person->last_address == where) return {};
        return set_updates_place(person->id, id, where, false);
    });
}

Status SqliteStore::choose_updates_place(const Identity& id, const Address& where, bool pinned) {
    if (auto ok = validate_identity(id); !ok) return ok;
    return in_transaction([&]() -> Status {
        auto person = upsert_person(id, "", "");
        if (!person) return person.error();
        return set_updates_place(person->id, id, where, pinned);
    });
}

Status SqliteStore::set_updates_place(std::int64_t person, const Identity& id, const Address& where, bool pinned) {
    auto up = statement("UPDATE persons SET last_platform = ?, last_user = ?, last_conversation = ?, last_thread = ?,"
                        " updates_pinned = ? WHERE id = ?");
    up->bind(1, id.platform);
    up->bind(2, id.user_id);
    up->bind(3, where.conversation_id);
    up->bind(4, where.thread);
    up->bind(5, pinned ? 1 : 0);
    up->bind(6, static_cast<int64_t>(person));
    up->exec();
    return {};
}

Result<IdentityLink> SqliteStore::link_person_identity(const Identity& existing, const Identity& added, const std::string& actor,
                                                 TimePoint at) {
    if (auto ok = validate_identity(existing); !ok) return ok.error();
    if (auto ok = validate_identity(added); !ok) return ok.error();
    IdentityLink out;
    auto status = in_transaction([&]() -> Status {
        auto owner = load_person(*this, existing);
        if (!owner) return owner.error();
        if (!*owner) return make_error(Errc::not_found, "no person with identity " + existing.platform + ":" + existing.user_id);
        const Person& keep = **owner;
        out.person_id = keep.id;
        auto other = load_person(*this, added);
        if (!other) return other.error();
        if (*other && (*other)->id == keep.id) {
            out.already = true;
            return {};
        }
        if (!*other) {
            auto link = statement("INSERT INTO identities (platform, user_id, person_id) VALUES (?, ?, ?)");
            link->bind(1, added.platform);
            link->bind(2, added.user_id);
            link->bind(3, static_cast<int64_t>(keep.id));
            link->exec();
            out.moved.push_back(added);
        } else {
            // Two persons become one: the other's identities (and with them their tickets, sessions
            // and held words) move; what the survivor does not know yet comes from the other.
            const Person& gone = **other;
            out.merged_person = gone.id;
            out.moved = gone.identities;
            auto move = statement("UPDATE identities SET person_id = ? WHERE person_id = ?");
            move->bind(1, static_cast<int64_t>(keep.id));
            move->bind(2, static_cast<int64_t>(gone.id));
            move->exec();
            auto fill = statement("UPDATE persons SET name = CASE WHEN name = '' THEN ?1 ELSE name END,"
                                  " contact = CASE WHEN contact = '' THEN ?2 ELSE contact END,"
                                  " locale = CASE WHEN locale = '' THEN ?3 ELSE locale END,"
                                  " timezone = CASE WHEN timezone = '' THEN ?4 ELSE timezone END,"
                                  " phone = CASE WHEN phone = '' THEN ?5 ELSE phone END,"
                                  " contact_asked = max(contact_asked, ?6) WHERE id = ?7");
            fill->bind(1, gone.name);
            fill->bind(2, gone.contact);
            fill->bind(3, gone.locale);
            fill->bind(4, gone.timezone);
            fill->bind(5, gone.phone);
            fill->bind(6, gone.contact_asked ? 1 : 0);
            fill->bind(7, static_cast<int64_t>(keep.id));
            fill->exec();
            auto drop = statement("DELETE FROM persons WHERE id = ?");
            drop->bind(1, static_cast<int64_t>(gone.id));
            drop->exec();
        }
        nlohmann::json moved = nlohmann::json::array();
        for (const auto& m : out.moved) moved.push_back(m.platform + ":" + m.user_id);
        auto log = statement("INSERT INTO identity_links (at, actor, person_id, merged_person, details) VALUES (?, ?, ?, ?, ?)");
        log->bind(1, to_unix(at));
        log->bind(2, actor);
        log->bind(3, static_cast<int64_t>(keep.id));
        if (out.merged_person) log->bind(4, static_cast<int64_t>(*out.merged_person));
        else log->bind(4);
        log->bind(5, nlohmann::json{{"existing", existing.platform + ":" + existing.user_id},
                                    {"added", added.platform + ":" + added.user_id},
                                    {"moved", moved}}.dump());
        log->exec();
        return {};
    });
    if (!status) return status.error();
    return out;
}

Status SqliteStore::save_link_code(const LinkCode& c) {
    if (auto ok = validate_identity(c.owner); !ok) return ok;
    if (c.code.empty() || c.code.size() > 32) return make_error(Errc::invalid_argument, "bad link code");
    if (auto ok = validate_text(c.where.conversation_id, 256, "conversation"); !ok) return ok;
    if (auto ok = validate_text(c.where.thread, 256, "thread"); !ok) return ok;
    return in_transaction([&]() -> Status {
        // One live code per identity: asking again replaces the one not typed yet.
        auto old = statement("DELETE FROM link_codes WHERE platform = ? AND user_id = ? AND used_at IS NULL");
        old->bind(1, c.owner.platform);
        old->bind(2, c.owner.user_id);
        old->exec();
        auto ins = statement("INSERT INTO link_codes (code, platform, user_id, conversation, thread, created_at, expires_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)");
        ins->bind(1, c.code);
        ins->bind(2, c.owner.platform);
        ins->bind(3, c.owner.user_id);
        ins->bind(4, c.where.conversation_id);
        ins->bind(5, c.where.thread);
        ins->bind(6, to_unix(c.created_at));
        ins->bind(7, to_unix(c.expires_at));
        ins->exec();
        return {};
    });
}

Result<RedeemedCode> SqliteStore::redeem_link_code(const std::string& code, const Identity& redeemer, TimePoint now) {
    RedeemedCode out;
    if (code.empty() || code.size() > 32) return out;
    auto status = in_transaction([&]() -> Status {
        auto q = statement("SELECT platform, user_id, conversation, thread, created_at, expires_at, used_at"
                           " FROM link_codes WHERE code = ?");
        q->bind(1, code);
        if (!q->executeStep()) return {};
        LinkCode c;
        c.code = code;
        c.owner = {q->getColumn(0).getString(), q->getColumn(1).getString()};
        c.where = {c.owner.platform, q->getColumn(2).getString(), q->getColumn(3).getString()};
        c.created_at = from_unix(q->getColumn(4).getInt64());
        c.expires_at = from_unix(q->getColumn(5).getInt64());
        const bool used = !q->getColumn(6).isNull();
        out.code = c;
        if (used) out.check = LinkCodeCheck::used;
        else if (c.owner == redeemer) out.check = LinkCodeCheck::own;
        else if (now >= c.expires_at) out.check = LinkCodeCheck::expired;
        else out.check = LinkCodeCheck::valid;
        if (out.check != LinkCodeCheck::valid) return {};
        auto use = statement("UPDATE link_codes SET used_at = ? WHERE code = ? AND used_at IS NULL");
        use->bind(1, to_unix(now));
        use->bind(2, code);
        use->exec();
        return {};
    });
    if (!status) return status.error();
    return out;
}

Status SqliteStore::link_identity(const Identity& existing, const Identity& added) {
    auto linked = link_person_identity(existing, added, "system", TimePoint{});
    if (!linked) return linked.error();
    return {};
}

}  // namespace frontline
