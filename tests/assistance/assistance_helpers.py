"""Builders of small files in the ForeignAssistance.gov and Freedom House layouts.

The rows are made up for the tests (not copied from the real files); the layouts are the
sources' documented ones.
"""

from __future__ import annotations

import csv
from pathlib import Path

COUNTRY_HEADER = ["Country Code", "Country Name", "Region ID", "Region Name",
                  "Income Group Acronym", "Income Group Name", "Transaction Type ID",
                  "Transaction Type Name", "Fiscal Year", "current_amount", "constant_amount"]
TYPE_NAMES = {"1": "Appropriated and Planned", "2": "Obligations", "3": "Disbursements",
              "18": "President's Budget Requests"}

# The complete file's columns, in the order ForeignAssistance.gov publishes them (its data
# dictionary; the same header heads files derived from it, e.g. the CSVs in
# github.com/devinit/foreignassistance-gov-dataset-analysis/output).
COMPLETE_HEADER = [
    "Country ID", "Country Code", "Country Name", "Region ID", "Region Name", "Income Group ID",
    "Income Group Name", "Income Group Acronym", "Managing Agency ID", "Managing Agency Acronym",
    "Managing Agency Name", "Managing Sub-agency or Bureau ID",
    "Managing Sub-agency or Bureau Acronym", "Managing Sub-agency or Bureau Name",
    "Implementing Partner Category ID", "Implementing Partner Category Name",
    "Implementing Partner Sub-category ID", "Implementing Partner Sub-category Name",
    "Implementing Partner ID", "Implementing Partner Name", "International Category ID",
    "International Category Name", "International Sector Code", "International Sector Name",
    "International Purpose Code", "International Purpose Name", "US Category ID",
    "US Category Name", "US Sector ID", "US Sector Name", "Funding Account ID",
    "Funding Account Name", "Funding Agency ID", "Funding Agency Name", "Funding Agency Acronym",
    "Foreign Assistance Objective ID", "Foreign Assistance Objective Name", "Aid Type Group ID",
    "Aid Type Group Name", "Activity ID", "Submission ID", "Activity Name",
    "Activity Description", "Activity Project Number", "Activity Start Date",
    "Activity End Date", "Transaction Type ID", "Transaction Type Name", "Fiscal Year",
    "Transaction Date", "Current Dollar Amount", "Constant Dollar Amount", "aid_type_id",
    "aid_type_name", "activity_budget_amount", "submission_activity_id"]


def country_row(code: str, name: str, type_id: str, fy: str, current: str,
                constant: str) -> list[str]:
    return [code, name, "4", "South and Central Asia", "UMIC", "Upper Middle Income Country",
            type_id, TYPE_NAMES.get(type_id, "Other"), fy, current, constant]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(header)
        w.writerows(rows)
    return path


def complete_row(**values: str) -> list[str]:
    """A complete-file line: named columns set, the rest empty."""
    return [values.get(col.replace(" ", "_").replace("-", "_"), "") for col in COMPLETE_HEADER]


def ctr_sample() -> list[list[str]]:
    """Kazakhstan and Kyrgyzstan lines, FY2010 (security and economic), plus one Canada line."""
    kz = {"Country_Code": "KAZ", "Country_Name": "Kazakhstan",
          "Region_Name": "South and Central Asia", "Fiscal_Year": "2010",
          "Transaction_Type_ID": "2", "Transaction_Type_Name": "Obligations",
          "Managing_Agency_Name": "Department of Defense"}
    return [
        complete_row(**kz, US_Category_Name="Peace and Security",
                     US_Sector_Name="Combating Weapons of Mass Destruction (WMD)",
                     Funding_Account_Name="Cooperative Threat Reduction Account",
                     Implementing_Partner_Name="Example Contractor", Activity_Name="WMD work",
                     Transaction_Date="2010-03-31", Current_Dollar_Amount="150000000",
                     Constant_Dollar_Amount="200000000"),
        complete_row(**kz, US_Category_Name="Peace and Security",
                     US_Sector_Name="Combating Weapons of Mass Destruction (WMD)",
                     Funding_Account_Name="Cooperative Threat Reduction Account",
                     Implementing_Partner_Name="Example Contractor", Activity_Name="WMD work",
                     Transaction_Date="2010-03-31", Current_Dollar_Amount="90000000",
                     Constant_Dollar_Amount="120000000"),
        complete_row(**kz, US_Category_Name="Economic Development",
                     US_Sector_Name="Trade and Investment",
                     Funding_Account_Name="Economic Support Fund",
                     Implementing_Partner_Name="Example NGO", Activity_Name="Trade work",
                     Transaction_Date="3/31/2010", Current_Dollar_Amount="-1000000",
                     Constant_Dollar_Amount="-1300000"),
        complete_row(**{**kz, "Country_Code": "KGZ", "Country_Name": "Kyrgyzstan"},
                     US_Category_Name="Peace and Security", US_Sector_Name="Counter-Narcotics",
                     Funding_Account_Name="International Narcotics Control",
                     Implementing_Partner_Name="Example NGO", Activity_Name="Border work",
                     Transaction_Date="2010-06-30", Current_Dollar_Amount="10000000",
                     Constant_Dollar_Amount="13000000"),
        complete_row(**{**kz, "Country_Code": "CAN", "Country_Name": "Canada"},
                     US_Category_Name="Health", US_Sector_Name="Health - General",
                     Funding_Account_Name="Global Health Programs",
                     Implementing_Partner_Name="Example NGO", Activity_Name="Health work",
                     Transaction_Date="2010-06-30", Current_Dollar_Amount="5",
                     Constant_Dollar_Amount="6"),
    ]


FH_HEADER = ["Country/Territory", "Region", "C/T", "Edition", "Status", "PR rating",
             "CL rating", "A1", "PR", "CL", "Total"]


def write_fh(path: Path, rows: list[list[object]], *, header_row: int = 2,
             header: list[str] | None = None, sheet: str = "FIW13-25") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(["Freedom in the World Raw Data (test sample)"])
    for _ in range(header_row - 2):
        ws.append([])
    ws.append(header or FH_HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def fh_row(name: str, edition: int, status: str, pr: int, cl: int,
           ratings: tuple[int, int] = (6, 5)) -> list[object]:
    return [name, "Eurasia", "c", edition, status, ratings[0], ratings[1], 1, pr, cl, pr + cl]
