#pragma once
// What disco-register and disco-lookup do (man/disco-register.1, man/disco-lookup.1), through a
// local reload-node's control socket: ShaRe ACL items (RFC 8076) and DisCo-Registration entries
// (libcommon/usages/disco/README.md). Blocking; one control connection per Session.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/control/client.hpp"
#include "libcommon/coord/coordinate.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/usages/disco/lookup.hpp"
#include "libcommon/usages/share/acl_walk.hpp"

namespace disco::cli::disco_ops {

using control::ControlError;
using Timeout = std::chrono::milliseconds;

// Values fetched per Fetch after a Stat listed them (RFC 8076 s6.5): small enough that an answer,
// certificates included, stays below the 16 KiB max-message-size `reload-node init` writes. A
// registration comes with its own signer's certificate (~0.5 KiB for EC, ~1 KiB for RSA) and is
// ~0.3 KiB itself; ACL items are ~0.2 KiB and mostly share a few signers' certificates.
inline constexpr std::size_t registration_batch = 8;
inline constexpr std::size_t acl_batch = 32;

struct Session {
  control::ControlClient client;
  reload::NodeId node_id;
  std::string user;
  Timeout timeout{10000};
};

base::result<Session, ControlError> open_session(const std::string& control_path, Timeout timeout);

struct RegisterRequest {
  std::string conference;                   // URI; the Resource Name is it without the scheme
  std::string contact;                      // the focus's SIP URI; empty: a destination list of this node
  std::optional<coord::Coordinate> coords;  // stored as coord::to_json() text
  std::uint32_t lifetime_s = 300;
  std::uint32_t acl_lifetime_s = 86400;
  bool create_root = true;  // store the ACL root item first when this node's user owns the name
};

// Registers (or refreshes) this node as a focus. Answer: {"conference","resource","node_id","user",
// "owner","root_index"(when stored),"lifetime_s","generation"}.
base::result<nlohmann::json, ControlError> register_focus(Session& s, const RegisterRequest& r);
// Stores exists=False under this node's key (RFC 6940 s7.4.1.3).
base::result<nlohmann::json, ControlError> withdraw(Session& s, const std::string& conference,
                                                    std::uint32_t lifetime_s);
// ACL item to_user = `user` for DISCO-REGISTRATION, allow_delegation = `delegate` (RFC 8076 s6.1).
base::result<nlohmann::json, ControlError> grant(Session& s, const std::string& conference, const std::string& user,
                                                 bool delegate, std::uint32_t acl_lifetime_s);
// exists=False over every item naming `user` that this node's user signed, or any such item when it
// owns the name (s6.2). not_found when there is none.
base::result<nlohmann::json, ControlError> revoke(Session& s, const std::string& conference, const std::string& user,
                                                  std::uint32_t acl_lifetime_s);

// The ACL items at the conference (live, decoded, with their signers).
base::result<std::vector<share::SignedAclItem>, ControlError> fetch_acl(Session& s, const std::string& resource_name);
base::result<std::vector<discoreg::FetchedEntry>, ControlError> fetch_registrations(Session& s,
                                                                                    const std::string& resource_name);

base::result<discoreg::LookupResult, ControlError> lookup(Session& s, const std::string& conference,
                                                          const std::optional<coord::Coordinate>& me);

// {"node_id","contact","contact_type","coordinates"(object|null),"distance"(number|null),"lifetime_s","user"}
nlohmann::ordered_json focus_json(const discoreg::Focus& f);
std::string contact_of(const discoreg::Focus& f);
// The table disco-lookup prints on a terminal.
std::string lookup_text(const std::vector<discoreg::Focus>& foci);

}  // namespace disco::cli::disco_ops
