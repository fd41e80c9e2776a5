"""RIFF/WAVE and RF64/BW64 reading and streaming writing; bext, iXML, INFO and XMP codecs. No Qt."""
