// Writing what the native viewer drew as a PNG file (libpng).
#pragma once
#include <string>
#include <vector>

namespace tpviewer {

// `rgba`: width*height*4 bytes, top row first. -> "" or an error message.
std::string write_png(const std::string& path, const std::vector<unsigned char>& rgba, int width, int height);

}  // namespace tpviewer
