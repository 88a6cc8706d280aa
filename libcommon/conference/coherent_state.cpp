#include "libcommon/conference/coherent_state.hpp"

#include <utility>

#include "libcommon/conference/merge.hpp"

namespace disco::conference {

std::string_view to_string(MergeOutcome outcome) {
  switch (outcome) {
    case MergeOutcome::applied: return "applied";
    case MergeOutcome::stale: return "stale";
    case MergeOutcome::gap: return "gap";
    case MergeOutcome::ended: return "ended";
    case MergeOutcome::unversioned: return "unversioned";
  }
  return "unknown";
}

MergeResult CoherentState::apply(const ConferenceInfo& doc) {
  if (!doc.version) return {MergeOutcome::unversioned, {}};
  const std::uint32_t version = *doc.version;
  if (version_ && version <= *version_) return {MergeOutcome::stale, {}};

  switch (doc.state) {
    case ElementState::full: {
      ConferenceInfo next = doc;
      make_full(next);
      auto changes = diff_states(state_ ? *state_ : ConferenceInfo{}, next);
      state_ = std::move(next);
      version_ = version;
      ended_ = false;
      return {MergeOutcome::applied, std::move(changes)};
    }
    case ElementState::deleted:
      state_.reset();
      version_ = version;
      ended_ = true;
      return {MergeOutcome::ended, {Change{ChangeKind::conference_ended, {}, {}, {}, {}}}};
    case ElementState::partial: break;
  }

  // Widened so that local version 4294967295 cannot wrap to make any version "next".
  if (!state_ || static_cast<std::uint64_t>(version) > static_cast<std::uint64_t>(*version_) + 1) {
    return {MergeOutcome::gap, {}};
  }
  ConferenceInfo next = *state_;
  apply_partial(next, doc);
  next.state = ElementState::full;
  next.version = version;
  auto changes = diff_states(*state_, next);
  state_ = std::move(next);
  version_ = version;
  return {MergeOutcome::applied, std::move(changes)};
}

}  // namespace disco::conference
