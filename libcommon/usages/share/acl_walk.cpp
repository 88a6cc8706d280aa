#include "libcommon/usages/share/acl_walk.hpp"

#include <deque>
#include <map>
#include <set>
#include <utility>

namespace disco::share {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::owner: return "owner";
    case Verdict::authorised: return "authorised";
    case Verdict::no_grant: return "no ACL item grants the writer this kind";
    case Verdict::unrooted: return "the delegation chain does not reach a root item of the resource owner";
  }
  return "?";
}

WalkResult authorise(std::span<const SignedAclItem> acl, std::string_view writer, reload::msg::KindId kind,
                     bool writing_acl_item, const std::function<bool(std::string_view)>& is_owner) {
  WalkResult out;
  if (is_owner(writer)) {
    out.verdict = Verdict::owner;
    out.chain.emplace_back(writer);
    return out;
  }
  // Breadth first over (user, needs allow_delegation); `parent` rebuilds the chain for the log.
  using State = std::pair<std::string, bool>;
  std::set<State> visited;
  std::map<std::string, std::string> parent;  // granter -> the user it granted (first seen)
  std::deque<State> frontier;
  frontier.emplace_back(std::string(writer), writing_acl_item);
  visited.insert(frontier.front());
  bool any_grant = false;
  while (!frontier.empty()) {
    auto [user, need_ad] = std::move(frontier.front());
    frontier.pop_front();
    for (const auto& entry : acl) {
      const auto& item = entry.item;
      if (item.kind != kind || item.to_user != user || (need_ad && !item.allow_delegation)) continue;
      any_grant = true;
      if (entry.signer == user) {
        // s6.3 step 5: to_user equals the item's signer, so this is a root item; only the owner's counts.
        if (!is_owner(entry.signer)) continue;
        out.verdict = Verdict::authorised;
        for (std::string u = user;; u = parent.at(u)) {
          out.chain.insert(out.chain.begin(), u);
          if (u == writer) break;
        }
        return out;
      }
      State next{entry.signer, true};  // s6.3 step 4: every granter needs allow_delegation
      if (visited.insert(next).second) {
        parent.try_emplace(entry.signer, user);
        frontier.push_back(std::move(next));
      }
    }
  }
  out.verdict = any_grant ? Verdict::unrooted : Verdict::no_grant;
  return out;
}

}  // namespace disco::share
