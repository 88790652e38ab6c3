// People and their identities across platforms.
#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/store.hpp"
#include "core/text.hpp"
#include "core/time_zone.hpp"

namespace frontline {
namespace {

Result<std::optional<Person>> load_person(Store& store, const Identity& id) {
    auto q = store.statement("SELECT p.id, p.name, p.locale, p.timezone, p.contact FROM persons p"
                             " JOIN identities i ON i.person_id = p.id WHERE i.platform = ? AND i.user_id = ?");
    q->bind(1, id.platform);
    q->bind(2, id.user_id);
    if (!q->executeStep()) return std::optional<Person>{};
    Person p{q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString(),
             q->getColumn(3).getString(), q->getColumn(4).getString(), {}};
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

Result<Person> Store::upsert_person(const Identity& id, const std::string& name, const std::string& contact) {
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
            out = Person{person_id, name, "", "", contact, {id}};
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

Result<std::optional<Person>> Store::find_person(const Identity& id) {
    return sql_guard("find person", [&] { return load_person(*this, id); });
}

Status Store::set_locale(const Identity& id, const std::string& locale) {
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

Status Store::set_time_zone(const Identity& id, const std::string& zone) {
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

Status Store::link_identity(const Identity& existing, const Identity& added) {
    if (auto ok = validate_identity(added); !ok) return ok;
    return in_transaction([&]() -> Status {
        auto owner = load_person(*this, existing);
        if (!owner) return owner.error();
        if (!*owner) return make_error(Errc::not_found, "no person with identity " + existing.platform + ":" + existing.user_id);
        auto link = statement("INSERT INTO identities (platform, user_id, person_id) VALUES (?, ?, ?)"
                              " ON CONFLICT (platform, user_id) DO UPDATE SET person_id = excluded.person_id");
        link->bind(1, added.platform);
        link->bind(2, added.user_id);
        link->bind(3, static_cast<int64_t>((*owner)->id));
        link->exec();
        return {};
    });
}

}  // namespace frontline
