/** Export .CSV / .XLSX of the rows a list shows, downloaded like the real app's exports. */
import Papa from 'papaparse';
import writeXlsxFile from 'write-excel-file/browser';

export interface ExportColumn<T> {
  header: string;
  value(row: T): string | number;
}

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportCsv<T>(filename: string, columns: ExportColumn<T>[], rows: T[]): void {
  const csv = Papa.unparse({ fields: columns.map((c) => c.header), data: rows.map((r) => columns.map((c) => c.value(r))) });
  download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${filename}.csv`);
}

export async function exportXlsx<T>(filename: string, columns: ExportColumn<T>[], rows: T[]): Promise<void> {
  const data = [
    columns.map((c) => ({ value: c.header, fontWeight: 'bold' as const })),
    ...rows.map((r) => columns.map((c) => ({ value: c.value(r) }))),
  ];
  const blob = await writeXlsxFile(data).toBlob();
  download(blob, `${filename}.xlsx`);
}
