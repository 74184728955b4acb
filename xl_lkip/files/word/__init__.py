"""The LKjIP draft as a Word document (python-docx): default template, rendering, re-generation."""
