// Where each value of a model struct came from, so that findings and errors
// can point at path:line:column (1-based) and name the key.
#pragma once

#include <map>
#include <string>

#include "util/error.hpp"

namespace interlink::model {

struct Positions {
  SourcePos self;                         // the mapping (or item) itself
  std::map<std::string, SourcePos> keys;  // position of each key's value

  // Position of key's value, or of the mapping when the key is absent.
  [[nodiscard]] SourcePos at(const std::string& key) const {
    auto it = keys.find(key);
    return it == keys.end() ? self : it->second;
  }
};

}  // namespace interlink::model
