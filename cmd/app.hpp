// Entry point of the binary: parse, run one command, map errors to exit codes.
#pragma once

namespace interlink::cli {

int run(int argc, char** argv);

}  // namespace interlink::cli
