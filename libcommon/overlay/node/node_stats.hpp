#pragma once
// Counters an operator reads with `reload-node status`; the hostile-input tests read them too.

#include <cstdint>

namespace disco::overlay {

struct NodeStats {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t forwarded = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped_malformed = 0;
  std::uint64_t dropped_wrong_overlay = 0;
  std::uint64_t dropped_loop = 0;
  std::uint64_t dropped_ttl = 0;
  std::uint64_t dropped_bad_signature = 0;
  std::uint64_t dropped_no_route = 0;
  std::uint64_t dropped_fragment = 0;
  std::uint64_t duplicates_answered = 0;
  std::uint64_t retransmissions = 0;
  std::uint64_t transactions_timed_out = 0;
  std::uint64_t values_dropped_unverified = 0;
  std::uint64_t replica_pushes = 0;
  std::uint64_t peers_failed = 0;
  std::uint64_t corrective_updates = 0;     // stabilisation: our view sent to a peer that lacked it
  std::uint64_t successor_corrections = 0;  // stabilisation: a closer successor found through a far peer
  std::uint64_t direct_requests = 0;        // data requests source-routed to the peer guessed responsible
};

}  // namespace disco::overlay
