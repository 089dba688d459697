// Offers text as a download. The window is sandboxed and has no file system of its own: a Blob behind an
// <a download> is how a page hands a file to the browser (or Electron), which asks where to keep it.
export function saveTextFile(fileName: string, text: string, mimeType: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the Blob after the click returns; a minute later the download has it for sure.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
