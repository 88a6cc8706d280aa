#include "libcommon/sip/msg/error.hpp"

namespace disco::sip {

std::string Error::message() const { return header.empty() ? code.message() : header + ": " + code.message(); }

}  // namespace disco::sip
