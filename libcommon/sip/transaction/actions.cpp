#include "libcommon/sip/transaction/actions.hpp"

namespace disco::sip {

std::string_view to_string(TransactionState s) {
  switch (s) {
    case TransactionState::calling: return "Calling";
    case TransactionState::trying: return "Trying";
    case TransactionState::proceeding: return "Proceeding";
    case TransactionState::completed: return "Completed";
    case TransactionState::confirmed: return "Confirmed";
    case TransactionState::terminated: return "Terminated";
  }
  return "?";
}

}  // namespace disco::sip
