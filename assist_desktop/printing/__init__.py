"""PDFs by ReportLab: green cards, file sheets, responsibility letters. Bytes out; no database, no Qt."""
